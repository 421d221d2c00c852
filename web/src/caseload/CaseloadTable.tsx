import { formatDate } from "../words.ts";
import {
  type ColumnDef,
  type ColumnFiltersState,
  type FilterFn,
  flexRender,
  getCoreRowModel,
  getFilteredRowModel,
  getSortedRowModel,
  type SortingState,
  useReactTable,
} from "@tanstack/react-table";
import { useMemo, useState } from "react";
import { CLOSED, PUPIL_FLAGS, STAGE_NAMES, STAGES } from "../../../machines/policy/schema.ts";
import type { CaseSummary } from "../api/client.ts";
import { humanise } from "../chart/chartModel.ts";
import { FLAG_WORDS, formatPct, stageName } from "../words.ts";

const ALL_STAGES = [...STAGES, CLOSED] as const;

const matchesExactly: FilterFn<CaseSummary> = (row, columnId, value) => value === "" || row.getValue(columnId) === value;
const hasFlag: FilterFn<CaseSummary> = (row, _columnId, value) => value === "" || row.original.flags.includes(String(value));
const bandIs: FilterFn<CaseSummary> = (row, _columnId, value) => value === "" || (row.original.band?.id ?? "none") === value;
const overdueOnly: FilterFn<CaseSummary> = (row, _columnId, value) => !value || row.original.overdueTasks > 0;

/** Calendar days from `since` to `today` (both YYYY-MM-DD), or null. */
export function daysBetween(since: string | null | undefined, today: string | null | undefined): number | null {
  if (!since || !today) return null;
  const ms = Date.parse(`${today}T00:00:00Z`) - Date.parse(`${since}T00:00:00Z`);
  return Number.isFinite(ms) ? Math.max(0, Math.round(ms / 86_400_000)) : null;
}

/** Year groups in school order: N1, N2, R, 1..14. */
function yearOrder(y: string): number {
  if (y === "N1") return -3;
  if (y === "N2") return -2;
  if (y === "R") return -1;
  const n = Number(y);
  return Number.isFinite(n) ? n : 99;
}

export interface CaseloadTableProps {
  readonly rows: readonly CaseSummary[];
  /** Counts by stage from the server (the whole school); computed from the rows when absent. */
  readonly countsByStage?: Readonly<Record<string, number>>;
  /** The school's date, for days in stage. */
  readonly today?: string | null;
}

/**
 * Every pupil's case: filter by stage, band, year group, flag and overdue tasks, search by name or UPN, sort
 * by any column. Filtering and search happen here in the browser: nothing typed goes into a URL.
 */
export function CaseloadTable({ rows, countsByStage, today }: CaseloadTableProps) {
  const [sorting, setSorting] = useState<SortingState>([{ id: "attendancePct", desc: false }]);
  const [columnFilters, setColumnFilters] = useState<ColumnFiltersState>([]);
  const [search, setSearch] = useState("");
  const hasDaysInStage = rows.some((r) => r.stageEnteredOn !== undefined);

  const filterValue = (id: string) => (columnFilters.find((f) => f.id === id)?.value as string | boolean | undefined) ?? "";
  const setFilter = (id: string, value: string | boolean) =>
    setColumnFilters((old) => [...old.filter((f) => f.id !== id), ...(value === "" || value === false ? [] : [{ id, value }])]);

  const columns = useMemo<ColumnDef<CaseSummary>[]>(
    () => [
      {
        id: "name",
        header: "Pupil",
        accessorFn: (r) => `${r.surname}, ${r.forename}`,
        cell: ({ row }) => (
          <a href={`#/cases/${encodeURIComponent(row.original.upn)}`} className="pupil-link">
            {row.original.surname}, {row.original.forename}
          </a>
        ),
      },
      { id: "yearGroup", header: "Year", accessorKey: "yearGroup", filterFn: matchesExactly, sortingFn: (a, b) => yearOrder(a.original.yearGroup) - yearOrder(b.original.yearGroup) },
      {
        id: "flags",
        header: "Flags",
        accessorFn: (r) => r.flags.join(","),
        filterFn: hasFlag,
        enableSorting: false,
        cell: ({ row }) => (
          <span className="flags">
            {row.original.flags.map((f) => (
              <span key={f} className={`flag flag-${f}`} title={FLAG_WORDS[f] ?? f}>
                {FLAG_WORDS[f] ?? f}
              </span>
            ))}
          </span>
        ),
      },
      {
        id: "attendancePct",
        header: "Attendance",
        accessorFn: (r) => r.attendancePct,
        sortingFn: (a, b) => (a.original.attendancePct ?? 101) - (b.original.attendancePct ?? 101),
        cell: ({ row }) => {
          const r = row.original;
          return (
            <span className="band-cell" title={r.band?.label}>
              <span className="band-dot" style={{ background: r.band?.colour ?? "transparent" }} aria-hidden="true" />
              <span className="pct">{formatPct(r.attendancePct)}</span>
              {r.band ? <span className="band-label">{r.band.label}</span> : null}
            </span>
          );
        },
      },
      { id: "band", accessorFn: (r) => r.band?.id ?? "none", filterFn: bandIs, enableHiding: true },
      {
        id: "stage",
        header: "Stage",
        accessorKey: "stage",
        filterFn: matchesExactly,
        sortingFn: (a, b) => ALL_STAGES.indexOf(a.original.stage as never) - ALL_STAGES.indexOf(b.original.stage as never),
        cell: ({ row }) => (
          <span>
            <span className={`stage stage-${row.original.stage}`}>{stageName(row.original.stage)}</span>
            {row.original.state.includes(".") ? <span className="substate"> · {humanise(row.original.state.split(".").slice(-1)[0]!)}</span> : null}
          </span>
        ),
      },
      ...(hasDaysInStage
        ? [
            {
              id: "daysInStage",
              header: "Days in stage",
              accessorFn: (r: CaseSummary) => daysBetween(r.stageEnteredOn, today),
              cell: ({ getValue }: { getValue: () => unknown }) => (getValue() as number | null) ?? "—",
            } satisfies ColumnDef<CaseSummary>,
          ]
        : []),
      {
        id: "nextReview",
        header: "Next review",
        accessorFn: (r: CaseSummary) => r.nextReview ?? null,
        cell: ({ getValue }: { getValue: () => unknown }) => formatDate((getValue() as string | null) ?? undefined) || "—",
      } satisfies ColumnDef<CaseSummary>,
      { id: "openTasks", header: "Open tasks", accessorKey: "openTasks" },
      {
        id: "overdueTasks",
        header: "Overdue",
        accessorKey: "overdueTasks",
        filterFn: overdueOnly,
        cell: ({ row }) => (row.original.overdueTasks > 0 ? <strong className="overdue">{row.original.overdueTasks}</strong> : "0"),
      },
    ],
    [hasDaysInStage, today],
  );

  const table = useReactTable({
    data: rows as CaseSummary[],
    columns,
    state: { sorting, columnFilters, globalFilter: search, columnVisibility: { band: false } },
    onSortingChange: setSorting,
    sortDescFirst: false,
    enableSortingRemoval: false,
    onColumnFiltersChange: setColumnFilters,
    globalFilterFn: (row, _columnId, value: string) => {
      const q = value.trim().toLowerCase();
      if (!q) return true;
      const r = row.original;
      return `${r.forename} ${r.surname}`.toLowerCase().includes(q) || `${r.surname}, ${r.forename}`.toLowerCase().includes(q) || r.upn.toLowerCase().includes(q);
    },
    getColumnCanGlobalFilter: () => true,
    getCoreRowModel: getCoreRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
    getSortedRowModel: getSortedRowModel(),
  });

  const counts = useMemo(() => {
    if (countsByStage) return countsByStage;
    const out: Record<string, number> = {};
    for (const r of rows) out[r.stage] = (out[r.stage] ?? 0) + 1;
    return out;
  }, [rows, countsByStage]);
  const bands = useMemo(() => {
    const seen = new Map<string, string>();
    for (const r of rows) if (r.band) seen.set(r.band.id, r.band.label);
    return [...seen];
  }, [rows]);
  const years = useMemo(() => [...new Set(rows.map((r) => r.yearGroup))].sort((a, b) => yearOrder(a) - yearOrder(b)), [rows]);
  const shown = table.getRowModel().rows;
  const stageFilter = filterValue("stage");

  return (
    <div className="caseload">
      <div className="stage-counts" role="group" aria-label="Cases by stage">
        {ALL_STAGES.map((s) => (
          <button
            key={s}
            type="button"
            className={`stage-count stage-${s}${stageFilter === s ? " is-selected" : ""}`}
            aria-pressed={stageFilter === s}
            onClick={() => setFilter("stage", stageFilter === s ? "" : s)}
          >
            <span className="count">{counts[s] ?? 0}</span> {STAGE_NAMES[s]}
          </button>
        ))}
      </div>
      <div className="filters">
        <label>
          Search
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Name or UPN" autoComplete="off" />
        </label>
        <label>
          Stage
          <select value={String(stageFilter)} onChange={(e) => setFilter("stage", e.target.value)}>
            <option value="">All stages</option>
            {ALL_STAGES.map((s) => (
              <option key={s} value={s}>
                {STAGE_NAMES[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Band
          <select value={String(filterValue("band"))} onChange={(e) => setFilter("band", e.target.value)}>
            <option value="">All bands</option>
            {bands.map(([id, label]) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
            <option value="none">No figure yet</option>
          </select>
        </label>
        <label>
          Year
          <select value={String(filterValue("yearGroup"))} onChange={(e) => setFilter("yearGroup", e.target.value)}>
            <option value="">All years</option>
            {years.map((y) => (
              <option key={y} value={y}>
                {y === "R" ? "Reception" : /^\d+$/.test(y) ? `Year ${y}` : y}
              </option>
            ))}
          </select>
        </label>
        <label>
          Flag
          <select value={String(filterValue("flags"))} onChange={(e) => setFilter("flags", e.target.value)}>
            <option value="">Any</option>
            {PUPIL_FLAGS.map((f) => (
              <option key={f} value={f}>
                {FLAG_WORDS[f]}
              </option>
            ))}
          </select>
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={filterValue("overdueTasks") === true} onChange={(e) => setFilter("overdueTasks", e.target.checked)} />
          Overdue tasks only
        </label>
      </div>
      <p className="muted small" aria-live="polite">
        Showing {shown.length} of {rows.length} cases.
      </p>
      <table className="data-table stack-on-phone caseload-table">
        <thead>
          {table.getHeaderGroups().map((hg) => (
            <tr key={hg.id}>
              {hg.headers.map((h) => {
                const sorted = h.column.getIsSorted();
                return (
                  <th key={h.id} aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : "none"} scope="col">
                    {h.column.getCanSort() ? (
                      <button type="button" className="sort" onClick={h.column.getToggleSortingHandler()}>
                        {flexRender(h.column.columnDef.header, h.getContext())}
                        <span aria-hidden="true">{sorted === "asc" ? " ▲" : sorted === "desc" ? " ▼" : ""}</span>
                      </button>
                    ) : (
                      flexRender(h.column.columnDef.header, h.getContext())
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {shown.map((row) => (
            <tr key={row.id} data-upn={row.original.upn} className={row.original.overdueTasks > 0 ? "has-overdue" : undefined}>
              {row.getVisibleCells().map((cell) => (
                <td key={cell.id} data-label={typeof cell.column.columnDef.header === "string" ? cell.column.columnDef.header : undefined} className={`col-${cell.column.id}`}>
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {shown.length === 0 ? <p className="muted">No case matches these filters.</p> : null}
    </div>
  );
}
