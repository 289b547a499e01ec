/** @jsxImportSource npm:preact@10 */
/** What a panel shows when it has nothing to draw: what is missing and what to do about it. */

export function EmptyNote(props: { message: string; hint?: string | undefined }) {
  return (
    <div class="empty" role="status">
      <p>{props.message}</p>
      {props.hint && <p class="hint">{props.hint}</p>}
    </div>
  );
}
