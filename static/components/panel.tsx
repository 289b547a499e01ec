/** @jsxImportSource npm:preact@10 */
/** A titled card. Every panel says what it covers (`scope`) so nobody mistakes a whole-capture
 * total for the selected time range. */

import type { ComponentChildren } from "../deps.ts";

export interface PanelProps {
  title: string;
  id: string;
  /** "whole capture", "selected range"...: shown beside the title. */
  scope?: string;
  actions?: ComponentChildren;
  wide?: boolean;
  children: ComponentChildren;
}

export function Panel(props: PanelProps) {
  return (
    <section
      class={props.wide ? "panel panel-wide" : "panel"}
      id={props.id}
      aria-labelledby={`${props.id}-title`}
    >
      <header class="panel-head">
        <h2 id={`${props.id}-title`}>{props.title}</h2>
        {props.scope && <span class="scope">{props.scope}</span>}
        {props.actions && <div class="panel-actions">{props.actions}</div>}
      </header>
      {props.children}
    </section>
  );
}
