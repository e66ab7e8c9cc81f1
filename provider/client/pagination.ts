import { Paging } from "./types";

/** One fetched page: its items and the `meta.paging` the server returned. @internal */
export interface Page<T> {
  /** Items of the page. */
  items: T[];
  /** `meta.paging`, when present. */
  paging?: Partial<Paging>;
}

// A guard against a server that keeps answering with a non-empty page forever.
const MAX_PAGES = 10_000;

/**
 * Collects every item of an offset/limit list. The next offset advances by `currentPageSize`
 * rather than by the requested limit, because the server may silently cap `limit`; the loop
 * stops at `totalSize`, on an empty page, or (without paging metadata) on a short page.
 * @internal
 */
export async function collectAllPages<T>(
  fetchPage: (offset: number, limit: number) => Promise<Page<T>>,
  pageSize: number,
): Promise<T[]> {
  const all: T[] = [];
  let offset = 0;
  for (let pages = 0; pages < MAX_PAGES; pages++) {
    const { items, paging } = await fetchPage(offset, pageSize);
    all.push(...items);
    const received = numberOr(paging?.currentPageSize, items.length);
    const total = numberOr(paging?.totalSize, undefined);
    if (received <= 0 || items.length === 0) {
      break;
    }
    offset += received;
    if (total !== undefined ? offset >= total : items.length < pageSize) {
      break;
    }
  }
  return all;
}

function numberOr<T>(value: unknown, fallback: T): number | T {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}
