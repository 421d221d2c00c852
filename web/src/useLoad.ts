import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError } from "./api/client.ts";

export type Loaded<T> = {
  /** The answer for the current inputs only: null while they load, never the answer for other inputs. */
  data: T | null;
  error: string | null;
  /** True while the current inputs load (or reload). */
  loading: boolean;
  /** Loads the current inputs again; the data already shown for them stays until the answer comes. */
  reload: () => Promise<void>;
  /** Replaces the current inputs' data (the answer to a write); a load in flight for them is dropped. */
  set: (data: T) => void;
  /**
   * The last answer for any inputs, for choosing controls (a week menu) while the new inputs load. Never show its
   * figures: they may belong to other inputs.
   */
  lastAnswer: T | null;
};

type State<T> = { key: string; data: T | null; error: string | null; loading: boolean };

const words = (e: unknown) => (e instanceof ApiError ? e.message : e instanceof Error ? e.message : String(e));

/**
 * Loads something from the server, keyed by its inputs (`deps`: strings, numbers, booleans, undefined). When the
 * inputs change, the answer for the old ones is no longer shown (`data` is null and `loading` true until the new
 * answer comes), the old request is aborted (`load` gets an AbortSignal), and an answer that arrives late for
 * inputs no longer current is dropped. The error is already in words.
 */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const key = JSON.stringify(deps);
  const [state, setState] = useState<State<T>>({ key, data: null, error: null, loading: true });
  const [lastAnswer, setLastAnswer] = useState<T | null>(null);
  const loadRef = useRef(load);
  loadRef.current = load;
  const keyRef = useRef(key);
  keyRef.current = key;
  const inFlight = useRef<AbortController | null>(null);

  const run = useCallback(async (forKey: string) => {
    inFlight.current?.abort();
    const controller = new AbortController();
    inFlight.current = controller;
    setState((s) => (s.key === forKey ? { ...s, loading: true } : { key: forKey, data: null, error: null, loading: true }));
    try {
      const data = await loadRef.current(controller.signal);
      if (controller.signal.aborted || keyRef.current !== forKey) return;
      setState({ key: forKey, data, error: null, loading: false });
      setLastAnswer(data);
    } catch (e) {
      if (controller.signal.aborted || keyRef.current !== forKey) return;
      setState((s) => ({ key: forKey, data: s.key === forKey ? s.data : null, error: words(e), loading: false }));
    } finally {
      if (inFlight.current === controller) inFlight.current = null;
    }
  }, []);

  useEffect(() => {
    void run(key);
    return () => inFlight.current?.abort();
  }, [key, run]);

  const reload = useCallback(() => run(keyRef.current), [run]);
  const set = useCallback((data: T) => {
    inFlight.current?.abort();
    setState({ key: keyRef.current, data, error: null, loading: false });
    setLastAnswer(data);
  }, []);

  // Until the effect has started the new inputs' load, this render must not show the old inputs' answer.
  const current = state.key === key ? state : { key, data: null, error: null, loading: true };
  return { data: current.data, error: current.error, loading: current.loading, reload, set, lastAnswer };
}
