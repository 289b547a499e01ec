/** @jsxImportSource npm:preact@10 */
/**
 * The filter box of the packets and conversations panels: the server's display filter
 * (stats/display_filter.ts). The placeholder is a short example that fits a phone; the title
 * (a tooltip) lists what the grammar takes.
 */

export interface FilterInputProps {
  id: string;
  value: string;
  placeholder: string;
  title: string;
  onInput: (value: string) => void;
}

export function FilterInput(props: FilterInputProps) {
  return (
    <label class="filter" for={props.id}>
      <span class="visually-hidden">Filter</span>
      <input
        id={props.id}
        type="search"
        value={props.value}
        placeholder={props.placeholder}
        title={props.title}
        spellcheck={false}
        autocomplete="off"
        onInput={(e) => props.onInput((e.currentTarget as HTMLInputElement).value)}
      />
    </label>
  );
}
