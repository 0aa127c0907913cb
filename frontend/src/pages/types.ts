// The API's views as the server sends them: aliases of the types generated from the committed
// OpenAPI document (src/generated/api.ts, `npm run generate:api`), under the names the pages use.
import type { components } from '../generated/api';

type Schemas = components['schemas'];

export type EventView = Schemas['EventView'];
export type HoldView = Schemas['HoldView'];
export type OrderView = Schemas['OrderView'];

/** A page puts itself into the container and answers how to tear itself down. */
export type Page = (container: HTMLElement, navigate: (path: string) => void) => () => void;
