// @vitest-environment jsdom
import { cleanup, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const state = vi.hoisted(() => ({
  users: [] as { id: number; username: string; role: string; scope: string[]; disabled: boolean; createdAt: string }[],
  created: [] as unknown[],
  disabled: [] as number[],
  tokens: [] as { id: number; name: string; role: string; createdAt: string; createdBy: string; expiresOn: string | null; revokedAt: string | null; revokedBy: string | null; status: "active" | "expired" | "revoked" }[],
  tokenRequests: [] as unknown[],
  revoked: [] as number[],
}));

vi.mock("../src/api/client.ts", async (importOriginal) => {
  const real = await importOriginal<typeof import("../src/api/client.ts")>();
  return {
    ...real,
    api: {
      ...real.api,
      users: vi.fn(async () => ({ users: state.users.map((u) => ({ ...u })) })),
      createUser: vi.fn(async (user: { username: string; role: string; scope?: string[] }) => {
        state.created.push(user);
        if (state.users.some((u) => u.username === user.username)) {
          throw new real.ApiError(422, "The request has problems; nothing was changed.", [{ field: "username", message: `"${user.username}" is taken` }]);
        }
        const made = { id: state.users.length + 1, username: user.username, role: user.role, scope: user.scope ?? [], disabled: false, createdAt: "2025-07-22T09:00:00Z" };
        state.users.push(made);
        return made;
      }),
      tokens: vi.fn(async () => ({ tokens: state.tokens.map((t) => ({ ...t })) })),
      createToken: vi.fn(async (token: { name: string; role: string; expiresOn?: string }) => {
        state.tokenRequests.push(token);
        if (state.tokens.some((t) => t.name === token.name)) throw new real.ApiError(409, "A token of that name exists.");
        const made = { id: state.tokens.length + 1, name: token.name, role: token.role, expiresOn: token.expiresOn ?? null };
        state.tokens.push({ ...made, createdAt: "2025-07-22T09:00:00Z", createdBy: "admin", revokedAt: null, revokedBy: null, status: "active" });
        return { ...made, token: `rct_${"s".repeat(43)}` };
      }),
      revokeToken: vi.fn(async (id: number) => {
        state.revoked.push(id);
        const t = state.tokens.find((x) => x.id === id)!;
        Object.assign(t, { status: "revoked", revokedAt: "2025-07-23T09:00:00Z", revokedBy: "admin" });
        return { ...t };
      }),
      disableUser: vi.fn(async (id: number) => {
        state.disabled.push(id);
        state.users.find((u) => u.id === id)!.disabled = true;
        return { ok: true };
      }),
    },
  };
});

const { UsersPage, plainProblems, checkNewToken } = await import("../src/pages/UsersPage.tsx");

beforeEach(() => {
  state.users = [
    { id: 1, username: "admin", role: "admin", scope: [], disabled: false, createdAt: "2025-07-01T09:00:00Z" },
    { id: 2, username: "lead", role: "attendance-lead", scope: [], disabled: false, createdAt: "2025-07-01T09:00:00Z" },
  ];
  state.created = [];
  state.disabled = [];
  state.tokens = [
    { id: 1, name: "old-export", role: "attendance-officer", createdAt: "2025-01-06T09:00:00Z", createdBy: "admin", expiresOn: null, revokedAt: "2025-03-01T09:00:00Z", revokedBy: "admin", status: "revoked" },
  ];
  state.tokenRequests = [];
  state.revoked = [];
});
afterEach(cleanup);

const me = { username: "admin", role: "admin" };

describe("UsersPage", () => {
  it("lists the users with their roles in words; the administrator cannot disable themself", async () => {
    render(<UsersPage me={me} />);
    const table = await screen.findByRole("table", { name: "Users" });
    expect(within(table).getByText("Attendance lead")).toBeTruthy();
    expect(within(table.querySelector('[data-user="admin"]') as HTMLElement).queryByRole("button")).toBeNull();
    expect(within(table.querySelector('[data-user="lead"]') as HTMLElement).getByRole("button", { name: "Disable lead" })).toBeTruthy();
  });

  it("says in plain words what is wrong before sending: a short password, a teacher with no classes", async () => {
    const user = userEvent.setup();
    render(<UsersPage me={me} />);
    await screen.findByRole("table", { name: "Users" });
    const form = screen.getByRole("form", { name: "Create a user" });
    await user.type(within(form).getByLabelText("Username"), "mr.jones");
    await user.type(within(form).getByLabelText("Password"), "short");
    await user.selectOptions(within(form).getByLabelText("Role"), "teacher");
    await user.click(within(form).getByRole("button", { name: "Create user" }));
    expect(within(form).getByText("The password must be at least 12 characters (it has 5).", { selector: ".field-error" })).toBeTruthy();
    expect(within(form).getByText(/A teacher sees only their classes/, { selector: ".field-error" })).toBeTruthy();
    expect(within(form).getByRole("alert").textContent).toMatch(/^The user was not created/);
    expect(within(form).getByLabelText("Password").getAttribute("aria-invalid")).toBe("true");
    expect(state.created).toEqual([]);
  });

  it("creates a teacher with their classes, shows it in the list, and explains a taken username", async () => {
    const user = userEvent.setup();
    render(<UsersPage me={me} />);
    await screen.findByRole("table", { name: "Users" });
    const form = screen.getByRole("form", { name: "Create a user" });
    await user.type(within(form).getByLabelText("Username"), "mr.jones");
    await user.type(within(form).getByLabelText("Password"), "a long enough password");
    await user.selectOptions(within(form).getByLabelText("Role"), "teacher");
    await user.type(within(form).getByLabelText("Classes and year groups"), "4A, Y3");
    await user.click(within(form).getByRole("button", { name: "Create user" }));
    expect(await screen.findByText("Created mr.jones (Teacher). They can sign in now.")).toBeTruthy();
    expect(state.created).toEqual([{ username: "mr.jones", password: "a long enough password", role: "teacher", scope: ["4A", "Y3"] }]);
    await waitFor(() => expect(screen.getByRole("table", { name: "Users" }).querySelector('[data-user="mr.jones"]')?.textContent).toContain("4A, Y3"));

    await user.type(within(form).getByLabelText("Username"), "lead");
    await user.type(within(form).getByLabelText("Password"), "another long password");
    await user.selectOptions(within(form).getByLabelText("Role"), "auditor");
    await user.click(within(form).getByRole("button", { name: "Create user" }));
    expect(await within(form).findByText("That username is already taken. Choose another.", { selector: ".field-error" })).toBeTruthy();
  });

  it("disables a user after asking, and shows them disabled", async () => {
    const user = userEvent.setup();
    render(<UsersPage me={me} />);
    await screen.findByRole("table", { name: "Users" });
    await user.click(screen.getByRole("button", { name: "Disable lead" }));
    await user.click(screen.getByRole("button", { name: "Yes, disable" }));
    expect(await screen.findByText("lead is disabled and signed out everywhere.")).toBeTruthy();
    expect(state.disabled).toEqual([2]);
    expect(screen.getByRole("table", { name: "Users" }).querySelector('[data-user="lead"]')?.textContent).toContain("Disabled");
  });

  it("turns the server's field problems into the form's words", () => {
    expect(plainProblems([{ field: "password", message: "at least 12 characters" }], "x")).toEqual({ password: "The password must be at least 12 characters." });
    expect(plainProblems([{ field: "password", message: "this password is too easy to guess: This is a commonly used password." }], "x")).toEqual({
      password: "This password is too easy to guess: This is a commonly used password.",
    });
    expect(plainProblems([{ field: "password", message: "a password must not contain the username" }], "x")).toEqual({ password: "A password must not contain the username." });
    expect(plainProblems([], "Your role does not allow this.")).toEqual({ form: "Your role does not allow this." });
  });
});

describe("UsersPage: API tokens", () => {
  it("lists tokens with their status; a revoked one has nothing to do", async () => {
    render(<UsersPage me={me} />);
    const table = await screen.findByRole("table", { name: "API tokens" });
    const row = table.querySelector('[data-token="old-export"]') as HTMLElement;
    expect(row.textContent).toContain("Attendance officer");
    expect(row.textContent).toContain("Revoked");
    expect(within(row).queryByRole("button")).toBeNull();
  });

  it("creates a token, shows its secret once, and revokes it after asking", async () => {
    const user = userEvent.setup();
    render(<UsersPage me={me} />);
    await screen.findByRole("table", { name: "API tokens" });
    const form = screen.getByRole("form", { name: "Create an API token" });
    await user.type(within(form).getByLabelText("Name"), "mis-connector");
    await user.selectOptions(within(form).getByLabelText("Role"), "attendance-lead");
    await user.type(within(form).getByLabelText("Last day (optional)"), "2099-08-31");
    await user.click(within(form).getByRole("button", { name: "Create token" }));
    const shown = await screen.findByRole("region", { name: "The new token" });
    expect((within(shown).getByLabelText("Token") as HTMLInputElement).value).toBe(`rct_${"s".repeat(43)}`);
    expect(shown.textContent).toContain("cannot show it again");
    expect(state.tokenRequests).toEqual([{ name: "mis-connector", role: "attendance-lead", expiresOn: "2099-08-31" }]);
    const table = screen.getByRole("table", { name: "API tokens" });
    await waitFor(() => expect(table.querySelector('[data-token="mis-connector"]')?.textContent).toContain("Active"));
    // The list never holds the secret.
    expect(table.textContent).not.toContain("rct_");
    await user.click(within(shown).getByRole("button", { name: "Done: hide it" }));
    expect(screen.queryByRole("region", { name: "The new token" })).toBeNull();
    expect(document.body.textContent).not.toContain("rct_");

    await user.click(screen.getByRole("button", { name: "Revoke mis-connector" }));
    await user.click(screen.getByRole("button", { name: "Yes, revoke" }));
    expect(await screen.findByText("mis-connector is revoked: anything still using it is refused from now on.")).toBeTruthy();
    expect(state.revoked).toEqual([2]);
    await waitFor(() => expect(table.querySelector('[data-token="mis-connector"]')?.textContent).toContain("Revoked"));
  });

  it("says what is wrong: a bad name before sending, a name already used from the server", async () => {
    const user = userEvent.setup();
    render(<UsersPage me={me} />);
    await screen.findByRole("table", { name: "API tokens" });
    const form = screen.getByRole("form", { name: "Create an API token" });
    await user.type(within(form).getByLabelText("Name"), "MIS connector");
    await user.click(within(form).getByRole("button", { name: "Create token" }));
    expect(within(form).getByText(/Use 2 to 60 letters/, { selector: ".field-error" })).toBeTruthy();
    expect(within(form).getByText("Choose a role.", { selector: ".field-error" })).toBeTruthy();
    expect(state.tokenRequests).toEqual([]);

    await user.clear(within(form).getByLabelText("Name"));
    await user.type(within(form).getByLabelText("Name"), "old-export");
    await user.selectOptions(within(form).getByLabelText("Role"), "attendance-officer");
    await user.click(within(form).getByRole("button", { name: "Create token" }));
    expect(await within(form).findByText(/names are never reused/, { selector: ".field-error" })).toBeTruthy();
    expect(screen.queryByRole("region", { name: "The new token" })).toBeNull();
  });

  it("has no serious accessibility problem (axe-core) with a new token shown", async () => {
    const user = userEvent.setup();
    const { container } = render(<UsersPage me={me} />);
    await screen.findByRole("table", { name: "API tokens" });
    const form = screen.getByRole("form", { name: "Create an API token" });
    await user.type(within(form).getByLabelText("Name"), "mis-connector");
    await user.selectOptions(within(form).getByLabelText("Role"), "attendance-lead");
    await user.click(within(form).getByRole("button", { name: "Create token" }));
    await screen.findByRole("region", { name: "The new token" });
    const axe = (await import("axe-core")).default;
    const result = await axe.run(container, { rules: { "color-contrast": { enabled: false } } });
    expect(result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  });

  it("checks a new token's fields the way the server does", () => {
    expect(checkNewToken({ name: "mis", role: "attendance-lead", expiresOn: "" }, "2026-01-01")).toEqual({});
    expect(checkNewToken({ name: "m", role: "", expiresOn: "2025-12-31" }, "2026-01-01")).toEqual({
      name: "Use 2 to 60 letters, digits, dots, dashes or underscores, with no spaces.",
      role: "Choose a role.",
      expiresOn: "The last day cannot be in the past.",
    });
  });
});
