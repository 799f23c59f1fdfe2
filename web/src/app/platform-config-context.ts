import { createContext, useContext } from "react";
import type { PlatformConfig } from "../api/platform-config.ts";

export const PlatformConfigContext = createContext<PlatformConfig | null>(null);

export function usePlatformConfig(): PlatformConfig {
  const config = useContext(PlatformConfigContext);
  if (!config) throw new Error("usePlatformConfig needs the Providers");
  return config;
}
