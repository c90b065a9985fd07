/**
 * The app's pages, in navigation order: a hash route (#/path), the link's
 * label and the component. A page is added here and nowhere else; its name
 * (the path) is also the key its RPC calls are counted under.
 */
import type { ComponentType } from "react";
import { BuyPage } from "./BuyPage.tsx";
import { ContributorsPage } from "./ContributorsPage.tsx";
import { OverviewPage } from "./OverviewPage.tsx";
import { PositionPage } from "./PositionPage.tsx";
import { ProvidersPage } from "./ProvidersPage.tsx";
import { RevenuePage } from "./RevenuePage.tsx";
import { RoundsPage } from "./RoundsPage.tsx";

export interface PageEntry {
  path: string;
  label: string;
  component: ComponentType;
}

export const PAGES: PageEntry[] = [
  { path: "rounds", label: "Rounds", component: RoundsPage },
  { path: "buy", label: "Buy", component: BuyPage },
  { path: "position", label: "My position", component: PositionPage },
  { path: "revenue", label: "Revenue", component: RevenuePage },
  { path: "contributors", label: "Contributors", component: ContributorsPage },
  { path: "providers", label: "Providers", component: ProvidersPage },
  { path: "overview", label: "Overview", component: OverviewPage },
];
