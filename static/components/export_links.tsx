/** @jsxImportSource npm:preact@10 */
/**
 * "CSV" and "NDJSON" links beside a table: the same rows the table asks the server for (its
 * filter and order), from the first on and as many as one request may return, as a file the
 * browser saves. The server streams both (`format=csv|ndjson`).
 */

export interface ExportLinksProps {
  /** The table's API route, e.g. "/api/flows". */
  path: string;
  /** The table's own query (filter, sort...); `limit` and `offset` are replaced. */
  params: URLSearchParams;
  /** Most rows the route returns at once: the export asks for all of them. */
  limit: number;
  /** For the file name and test ids: "flows", "packets", "hosts". */
  name: string;
}

export function exportHref(props: ExportLinksProps, format: "csv" | "ndjson"): string {
  const params = new URLSearchParams(props.params);
  params.set("limit", String(props.limit));
  params.delete("offset");
  params.set("format", format);
  return `${props.path}?${params}`;
}

export function ExportLinks(props: ExportLinksProps) {
  return (
    <span class="export-links" role="group" aria-label={`Export ${props.name}`}>
      {(["csv", "ndjson"] as const).map((format) => (
        <a
          key={format}
          class="export-link"
          href={exportHref(props, format)}
          download={`wirescope-${props.name}.${format}`}
          title={`Download these ${props.name} as ${format === "csv" ? "CSV" : "NDJSON"}`}
          data-testid={`${props.name}-export-${format}`}
        >
          {format === "csv" ? "CSV" : "NDJSON"}
        </a>
      ))}
    </span>
  );
}
