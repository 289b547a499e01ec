/** @jsxImportSource npm:preact@10 */
/**
 * Which capture interface the header numbers, the timeline and top hosts show: every interface
 * together, or one of them. Shown only when wirescope captures on more than one (`-i A -i B`).
 */

export interface InterfaceSwitchProps {
  names: string[];
  /** The interface shown, or null for all of them. */
  selected: string | null;
  onSelect: (name: string | null) => void;
}

export function InterfaceSwitch({ names, selected, onSelect }: InterfaceSwitchProps) {
  if (names.length < 2) return null;
  return (
    <label
      class="interface-switch"
      data-testid="interface-switch"
      title="The header's numbers, the traffic timeline and the top hosts show the interface chosen here; panels marked whole capture show all of them"
    >
      <span>Interface</span>
      <select
        value={selected ?? ""}
        onChange={(e) => {
          const value = (e.currentTarget as HTMLSelectElement).value;
          onSelect(value === "" ? null : value);
        }}
      >
        <option value="">All ({names.join(" + ")})</option>
        {names.map((name) => <option key={name} value={name}>{name}</option>)}
      </select>
    </label>
  );
}
