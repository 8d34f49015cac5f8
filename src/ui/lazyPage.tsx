/**
 * Pages whose libraries are heavy (FullCalendar, the Temporal polyfill) are loaded when
 * first opened, so the dashboard does not wait for them. While one loads a status says
 * so; if it cannot be loaded (offline, or a release replaced the file) the page says that
 * in words and offers a reload, instead of leaving a blank screen.
 */
import { lazy, Suspense, type ComponentType } from "react";
import { ErrorMessage } from "./components/ErrorMessage.tsx";

function PageLoadFailed() {
  return <ErrorMessage message="This page could not be loaded. Please check your connection and reload." onRetry={() => window.location.reload()} />;
}

export function lazyPage(load: () => Promise<ComponentType>, loadingText: string): ComponentType {
  const Page = lazy<ComponentType>(() => load().then((page) => ({ default: page }), () => ({ default: PageLoadFailed })));
  return function LazyPage() {
    return (
      <Suspense
        fallback={
          <p className="loading" role="status">
            {loadingText}
          </p>
        }
      >
        <Page />
      </Suspense>
    );
  };
}
