/** @jsxImportSource npm:preact@10 */
/**
 * Renders its children only while they are on screen: a panel scrolled out of view keeps its
 * last content and skips live updates, then catches up the moment it scrolls back. Live data
 * changes every second; rendering what nobody sees would be most of an update's cost.
 */

import { Component, type ComponentChildren } from "../deps.ts";

/** Start rendering a little before the panel scrolls into view, so it never shows stale. */
const ROOT_MARGIN = "200px";

export class WhenVisible extends Component<{ children: ComponentChildren }> {
  #visible = true;
  #observer: IntersectionObserver | null = null;

  override componentDidMount(): void {
    // The wrapper is \`display: contents\` (the panel stays a grid item) and has no box to
    // intersect: watch the panel inside it.
    const element = (this.base as Element | undefined)?.firstElementChild;
    if (!element || typeof IntersectionObserver === "undefined") return;
    this.#observer = new IntersectionObserver((entries) => {
      const visible = entries.some((e) => e.isIntersecting);
      if (visible === this.#visible) return;
      this.#visible = visible;
      if (visible) this.forceUpdate();
    }, { rootMargin: ROOT_MARGIN });
    this.#observer.observe(element);
  }

  override componentWillUnmount(): void {
    this.#observer?.disconnect();
  }

  override shouldComponentUpdate(): boolean {
    return this.#visible;
  }

  override render() {
    return <div class="when-visible">{this.props.children}</div>;
  }
}
