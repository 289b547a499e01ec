/** @jsxImportSource npm:preact@10 */
/** The filter box of the packets and conversations panels (see lib/display_filter.ts). */

export interface FilterInputProps {
  id: string;
  value: string;
  placeholder: string;
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
        spellcheck={false}
        autocomplete="off"
        onInput={(e) => props.onInput((e.currentTarget as HTMLInputElement).value)}
      />
    </label>
  );
}
