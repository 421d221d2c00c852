import { useQuery } from "@tanstack/react-query";
import { useCallback, useRef } from "react";
import { ApiError } from "./api/client.ts";
import { invalidateRelated, type LoadKey, queryClient } from "./queryClient.ts";

export type { LoadKey } from "./queryClient.ts";

export type Loaded<T> = {
  /** The answer for the current key only: null while it loads, never the answer for another key. */
  data: T | null;
  error: string | null;
  /** True while the current key loads (or reloads). */
  loading: boolean;
  /**
   * Loads the current key again (the data already shown for it stays until the answer comes) and marks what a write
   * through it may have changed stale (queryClient.ts, relatedTo): call it after a write whose answer is not the data.
   */
  reload: () => Promise<void>;
  /**
   * Replaces the current key's data with a write's answer (a load in flight for it is dropped) and marks what the
   * write may have changed stale: those on screen load again.
   */
  set: (data: T) => void;
  /**
   * The last answer for any key, for choosing controls (a week menu) while the new key loads. Never show its
   * figures: they may belong to other inputs.
   */
  lastAnswer: T | null;
};

const words = (e: unknown) => (e instanceof ApiError ? e.message : e instanceof Error ? e.message : String(e));

/**
 * Loads something from the server through the app's TanStack Query cache (queryClient.ts). `key` names what is asked
 * for and every input of the request (`["case", upn]`, `["celebrate", week, target]`). When the key changes, the
 * answer for the old one is no longer shown (`data` is null and `loading` true until the new answer comes, unless the
 * cache already holds an answer for the new key), the old request is aborted (`load` gets TanStack's AbortSignal),
 * and an answer that arrives late for a key no longer current is dropped. The error is already in words.
 */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, key: LoadKey): Loaded<T> {
  const result = useQuery<T, Error, T, LoadKey>({ queryKey: key, queryFn: ({ signal }) => load(signal) }, queryClient);
  const keyRef = useRef(key);
  keyRef.current = key;
  const last = useRef<T | null>(null);
  if (result.data !== undefined) last.current = result.data;

  const reload = useCallback(async () => {
    const current = keyRef.current;
    void invalidateRelated(current);
    await queryClient.refetchQueries({ queryKey: current, exact: true });
  }, []);
  const set = useCallback((data: T) => {
    const current = keyRef.current;
    // Cancelling reverts the key to its state before the load in flight, synchronously; the write's answer then replaces it.
    void queryClient.cancelQueries({ queryKey: current, exact: true });
    queryClient.setQueryData<T>(current, data);
    void invalidateRelated(current);
  }, []);

  const loading = result.isFetching || result.isPending;
  // An error from an earlier visit is not repeated while this one loads the key afresh.
  const error = result.error && !(result.isFetching && result.data === undefined) ? words(result.error) : null;
  return { data: result.data ?? null, error, loading, reload, set, lastAnswer: last.current };
}
