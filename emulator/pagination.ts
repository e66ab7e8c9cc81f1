/** `offset`/`limit` paging with a silent cap, and the `meta.paging` block (§2.4). */
import { reject } from "./validation";

/** @internal A requested page. */
export interface PageRequest {
  /** 0-based index of the first item. */
  offset: number;
  /** Page size after the silent cap. */
  limit: number;
}

/** @internal `meta.paging` as the API reports it. */
export interface Paging {
  /** Items on this page. */
  currentPageSize: number;
  /** Items in total. */
  totalSize: number;
  /** The offset used. */
  offset: number;
}

/**
 * @internal Read `offset` and `limit`. A malformed value gets a 400 whose message is the
 * parameter's name, the "{request parameter name}" row of Apiary's error table.
 */
export function readPage(
  query: URLSearchParams,
  defaults: { pageSize: number; maxPageSize: number },
  required = false,
): PageRequest {
  const read = (name: string, min: number): number | undefined => {
    const raw = query.get(name);
    if (raw === null) return required ? reject(name) : undefined;
    if (!/^\d+$/.test(raw) || Number(raw) < min) return reject(name);
    return Number(raw);
  };
  const offset = read("offset", 0) ?? 0;
  const limit = read("limit", 1) ?? defaults.pageSize;
  return { offset, limit: Math.min(limit, defaults.maxPageSize) };
}

/** @internal One page of `items` and its paging block. */
export function paginate<T>(items: T[], page: PageRequest): { items: T[]; paging: Paging } {
  const slice = items.slice(page.offset, page.offset + page.limit);
  return {
    items: slice,
    paging: { currentPageSize: slice.length, totalSize: items.length, offset: page.offset },
  };
}
