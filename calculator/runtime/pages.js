// Run a function on every page the reader sees. With MkDocs Material's instant
// navigation, scripts run once and document$ emits on each page change; without it
// (a plain page), run once the document is parsed.
export function onEveryPage(fn) {
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(fn);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fn);
  } else {
    fn();
  }
}
