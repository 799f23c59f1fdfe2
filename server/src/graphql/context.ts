import type { Logger } from "../logger.ts";
import type { TokenService } from "../tokens/token-service.ts";

export interface Services {
  tokens: TokenService;
}

export interface GraphQLContext {
  services: Services;
  logger: Logger;
}
