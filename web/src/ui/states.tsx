import type { ReactNode } from "react";

export function Loading({ what }: { what: string }) {
  return <p className="state state-loading" role="status">Loading {what}…</p>;
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="state state-empty">{children}</p>;
}

export function ErrorState({ title, error, onRetry }: { title: string; error: unknown; onRetry?: () => void }) {
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="state state-error" role="alert">
      <p><strong>{title}</strong> {message}</p>
      {onRetry && <button type="button" onClick={onRetry}>Try again</button>}
    </div>
  );
}

/** Loading, error or the content, for a react-query result. */
export function QueryState<T>({ query, what, children }: {
  query: { isPending: boolean; error: unknown; data: T | undefined; refetch: () => unknown };
  what: string;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Loading what={what} />;
  if (query.error) return <ErrorState title={`Could not load ${what}.`} error={query.error} onRetry={() => void query.refetch()} />;
  return <>{children(query.data as T)}</>;
}
