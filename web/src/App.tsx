import { lazy, type MouseEvent, Suspense, useCallback, useEffect, useRef, useState } from "react";
import { api, ApiError, type Me, onSignedOut } from "./api/client.ts";
import { CaseloadPage } from "./pages/CaseloadPage.tsx";
import { DashboardPage } from "./pages/DashboardPage.tsx";
import { SignInPage } from "./pages/SignInPage.tsx";
import { TodayPage } from "./pages/TodayPage.tsx";
import { PupilSearch } from "./search/PupilSearch.tsx";
import { canReadLetters, navFor, PAGE_WORDS, type Page, ROLE_WORDS, seesCases } from "./roles.ts";
import { href, type Route, useRoute } from "./router.ts";

// The pages that draw charts or run policies load their code when first opened.
const CasePage = lazy(() => import("./pages/CasePage.tsx").then((m) => ({ default: m.CasePage })));
const HistoryPage = lazy(() => import("./pages/HistoryPage.tsx").then((m) => ({ default: m.HistoryPage })));
const LetterPage = lazy(() => import("./pages/LetterPage.tsx").then((m) => ({ default: m.LetterPage })));
const BulkLettersPage = lazy(() => import("./letters/BulkLettersPage.tsx").then((m) => ({ default: m.BulkLettersPage })));
const UsersPage = lazy(() => import("./pages/UsersPage.tsx").then((m) => ({ default: m.UsersPage })));
const CelebratePage = lazy(() => import("./pages/CelebratePage.tsx").then((m) => ({ default: m.CelebratePage })));
const PolicyLabPage = lazy(() => import("./pages/PolicyLabPage.tsx").then((m) => ({ default: m.PolicyLabPage })));
const SandboxPage = lazy(() => import("./pages/SandboxPage.tsx").then((m) => ({ default: m.SandboxPage })));

/** The hash router owns location.hash, so the skip link moves focus itself instead of following "#main". */
function skipToMain(e: MouseEvent<HTMLAnchorElement>) {
  e.preventDefault();
  const main = document.getElementById("main");
  main?.focus();
  main?.scrollIntoView();
}

function activePage(route: Route): Page | null {
  if (route.page === "case" || route.page === "history" || route.page === "letter") return "cases";
  // The letters to send are Today's post.
  if (route.page === "letters") return "today";
  // The sandbox is part of the policy lab: the same roles, the same place in the menu.
  if (route.page === "sandbox") return "lab";
  return route.page === "home" ? null : route.page;
}

/** Signs in, then lays out the pages the signed-in role may see. */
export function App() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [problem, setProblem] = useState<string | null>(null);
  const route = useRoute();
  const [menuOpen, setMenuOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);

  // A new page closes the menu on a phone.
  useEffect(() => setMenuOpen(false), [route]);
  useEffect(() => {
    if (!menuOpen) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setMenuOpen(false);
      menuButton.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [menuOpen]);

  useEffect(() => {
    api.me().then(setMe, (e: unknown) => {
      setMe(null);
      setProblem(e instanceof ApiError ? e.message : "Rollcall could not reach the server.");
    });
    return onSignedOut(() => setMe(null));
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.signOut();
    } finally {
      setMe(null);
      window.location.hash = "#/";
    }
  }, []);

  if (me === undefined) return <p className="loading">Loading Rollcall…</p>;
  if (me === null) return <SignInPage onSignedIn={setMe} problem={problem} />;

  const pages = navFor(me.role);
  const current = activePage(route);
  const allowed =
    route.page === "letter" || route.page === "letters" ? canReadLetters(me.role) : route.page === "case" || route.page === "history" ? seesCases(me.role) : current !== null && pages.includes(current);
  const shown: Route = allowed ? route : { page: pages[0]! };

  return (
    <div className="app">
      <a className="skip-link" href="#main" onClick={skipToMain}>
        Skip to main content
      </a>
      <header className={`topbar${menuOpen ? " menu-open" : ""}`}>
        <a className="brand" href="#/">
          Rollcall
        </a>
        {/* Find a pupil from any page (searched in the browser; what is typed never goes into a URL). */}
        {seesCases(me.role) ? <PupilSearch /> : null}
        <button ref={menuButton} type="button" className="menu-button" aria-expanded={menuOpen} aria-controls="site-menu" onClick={() => setMenuOpen((o) => !o)}>
          <span className="menu-icon" aria-hidden="true" />
          Menu
        </button>
        <div className="site-menu" id="site-menu">
          <nav aria-label="Main" onClick={() => setMenuOpen(false)}>
            {pages.map((p) => (
              <a key={p} href={href({ page: p } as Route)} aria-current={activePage(shown) === p ? "page" : undefined}>
                {PAGE_WORDS[p]}
              </a>
            ))}
          </nav>
          <div className="who">
            <span>
              {me.username} <span className="muted">({ROLE_WORDS[me.role] ?? me.role})</span>
            </span>
            <button type="button" onClick={signOut}>
              Sign out
            </button>
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<p className="loading">Loading…</p>}>
        {shown.page === "today" ? <TodayPage role={me.role} /> : null}
        {shown.page === "cases" ? <CaseloadPage role={me.role} /> : null}
        {shown.page === "case" ? <CasePage upn={shown.upn} role={me.role} /> : null}
        {shown.page === "history" ? <HistoryPage upn={shown.upn} role={me.role} /> : null}
        {shown.page === "letter" ? <LetterPage id={shown.id} role={me.role} /> : null}
        {shown.page === "letters" ? <BulkLettersPage kind={shown.kind} role={me.role} /> : null}
        {shown.page === "users" ? <UsersPage me={me} /> : null}
        {shown.page === "lab" ? <PolicyLabPage /> : null}
        {shown.page === "sandbox" ? <SandboxPage role={me.role} /> : null}
        {shown.page === "dashboard" ? <DashboardPage /> : null}
        {shown.page === "celebrate" ? <CelebratePage role={me.role} /> : null}
        </Suspense>
      </main>
    </div>
  );
}
