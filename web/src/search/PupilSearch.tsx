import { type KeyboardEvent, useId, useMemo, useRef, useState } from "react";
import { api, type CaseSummary } from "../api/client.ts";
import { queryClient } from "../queryClient.ts";
import { href } from "../router.ts";
import { yearGroupWords } from "../words.ts";
import "./search.css";

const MAX_SHOWN = 8;

export interface PupilMatch {
  readonly upn: string;
  readonly forename: string;
  readonly surname: string;
  readonly yearGroup?: string;
  readonly class?: string | null;
}

const fold = (s: string) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();

/**
 * The pupils matching what was typed: every word typed begins the forename or surname (or the full name), or the
 * text is part of the UPN. Surnames beginning with it first, then forenames, then by name. All in the browser:
 * what was typed never goes to the server.
 */
export function matchPupils<T extends PupilMatch>(rows: readonly T[], query: string, max = MAX_SHOWN): T[] {
  const q = fold(query.trim());
  if (!q) return [];
  const words = q.split(/\s+/);
  const scored: { row: T; score: number }[] = [];
  for (const r of rows) {
    const names = [fold(r.forename), fold(r.surname)].flatMap((n) => n.split(/[\s-]+/));
    const upn = r.upn.toLowerCase();
    const byName = words.every((w) => names.some((n) => n.startsWith(w)));
    if (!byName && !upn.includes(q.replace(/\s+/g, ""))) continue;
    const score = fold(r.surname).startsWith(words[0]!) ? 0 : fold(r.forename).startsWith(words[0]!) ? 1 : 2;
    scored.push({ row: r, score });
  }
  scored.sort((a, b) => a.score - b.score || a.row.surname.localeCompare(b.row.surname) || a.row.forename.localeCompare(b.row.forename));
  return scored.slice(0, max).map((s) => s.row);
}

/** The caseload the browser holds (shared with the caseload page's cache), loaded when the search is first used. */
const caseload = () => queryClient.fetchQuery({ queryKey: ["caseload"], queryFn: () => api.allCases(), staleTime: 60_000 });

/**
 * A search box in the header: type a pupil's name or UPN, choose with the arrow keys and Enter (or a click) to
 * open their case. A combobox (WAI-ARIA 1.2): the list is announced, the active option followed by
 * aria-activedescendant, Escape closes it, then clears it.
 */
export function PupilSearch({ open = (upn: string) => void (window.location.hash = href({ page: "case", upn })) }: { open?: (upn: string) => void }) {
  const id = useId();
  const listId = `${id}-list`;
  const [query, setQuery] = useState("");
  const [rows, setRows] = useState<CaseSummary[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [active, setActive] = useState(-1);
  const [expanded, setExpanded] = useState(false);
  const loading = useRef(false);

  const ensureLoaded = () => {
    if (rows || loading.current) return;
    loading.current = true;
    caseload().then(
      (r) => setRows(r.rows),
      () => setProblem("The pupil list could not be loaded."),
    ).finally(() => {
      loading.current = false;
    });
  };
  const matches = useMemo(() => (rows ? matchPupils(rows, query) : []), [rows, query]);
  const showList = expanded && query.trim().length > 0;

  const choose = (upn: string) => {
    setQuery("");
    setExpanded(false);
    setActive(-1);
    open(upn);
    // The case opens in the main region: focus goes there, so a screen reader reads the new page, not the empty box.
    document.getElementById("main")?.focus();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setExpanded(true);
      setActive((a) => (matches.length ? (a + 1) % matches.length : -1));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setExpanded(true);
      setActive((a) => (matches.length ? (a <= 0 ? matches.length - 1 : a - 1) : -1));
    } else if (e.key === "Enter") {
      const pick = matches[active >= 0 ? active : 0];
      if (showList && pick) {
        e.preventDefault();
        choose(pick.upn);
      }
    } else if (e.key === "Escape") {
      if (showList) setExpanded(false);
      else setQuery("");
      setActive(-1);
    }
  };
  const status = !showList ? "" : problem ?? (rows === null ? "Loading the pupils…" : matches.length === 0 ? "No pupil matches." : `${matches.length} ${matches.length === 1 ? "pupil" : "pupils"} found. Use the arrow keys, then Enter to open the case.`);

  return (
    <div className="pupil-search" role="search">
      <label htmlFor={`${id}-input`} className="sr-only">
        Find a pupil by name or UPN
      </label>
      <input
        id={`${id}-input`}
        type="text"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        placeholder="Find a pupil: name or UPN"
        aria-autocomplete="list"
        aria-expanded={showList}
        aria-controls={listId}
        aria-activedescendant={showList && active >= 0 && matches[active] ? `${id}-opt-${active}` : undefined}
        value={query}
        onFocus={ensureLoaded}
        onChange={(e) => {
          ensureLoaded();
          setQuery(e.target.value);
          setExpanded(true);
          setActive(-1);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setExpanded(false)}
      />
      <ul id={listId} role="listbox" aria-label="Pupils found" hidden={!showList || matches.length === 0}>
        {matches.map((m, i) => (
          <li
            key={m.upn}
            id={`${id}-opt-${i}`}
            role="option"
            aria-selected={i === active}
            // Keep the focus in the box so the choice is not lost to the blur.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => choose(m.upn)}
          >
            <span>
              {m.forename} {m.surname}
            </span>
            <span className="muted">
              {m.upn} · {yearGroupWords(m.yearGroup)}
            </span>
          </li>
        ))}
      </ul>
      <span className="sr-only" role="status" aria-live="polite">
        {status}
      </span>
      {showList && (problem || (rows !== null && matches.length === 0)) ? <p className="search-empty">{problem ?? "No pupil matches."}</p> : null}
    </div>
  );
}
