import { useEffect, useState } from "react";

/**
 * Pages are addressed by the URL's fragment (`#/cases/A999…`): it never leaves the browser, so a pupil's UPN
 * is not sent to the server in a page address, nor kept in its logs.
 */
export type Route =
  | { page: "today" }
  | { page: "cases" }
  | { page: "case"; upn: string }
  | { page: "history"; upn: string }
  | { page: "letter"; id: number }
  | { page: "letters"; kind: string | null }
  | { page: "users" }
  | { page: "lab" }
  | { page: "sandbox" }
  | { page: "dashboard" }
  | { page: "celebrate" }
  | { page: "home" };

export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);
  const [first, second, third] = parts;
  if (first === "today") return { page: "today" };
  if (first === "cases" && second && third === "history") return { page: "history", upn: second };
  if (first === "cases" && second) return { page: "case", upn: second };
  if (first === "cases") return { page: "cases" };
  if (first === "letters" && second && /^\d+$/.test(second)) return { page: "letter", id: Number(second) };
  if (first === "letters" && second === "bulk") return { page: "letters", kind: third ?? null };
  if (first === "users") return { page: "users" };
  if (first === "lab") return { page: "lab" };
  if (first === "sandbox") return { page: "sandbox" };
  if (first === "dashboard") return { page: "dashboard" };
  if (first === "celebrate") return { page: "celebrate" };
  return { page: "home" };
}

export function href(route: Route): string {
  switch (route.page) {
    case "case":
      return `#/cases/${encodeURIComponent(route.upn)}`;
    case "history":
      return `#/cases/${encodeURIComponent(route.upn)}/history`;
    case "letter":
      return `#/letters/${route.id}`;
    case "letters":
      return `#/letters/bulk${route.kind ? `/${encodeURIComponent(route.kind)}` : ""}`;
    case "home":
      return "#/";
    default:
      return `#/${route.page === "cases" ? "cases" : route.page}`;
  }
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const update = () => setRoute(parseHash(window.location.hash));
    window.addEventListener("hashchange", update);
    return () => window.removeEventListener("hashchange", update);
  }, []);
  return route;
}
