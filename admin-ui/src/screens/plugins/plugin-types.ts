/** GET /api/v1/plugins, one item. */
export interface PluginInfo {
  id: string;
  package: string;
  version: string;
  displayName: string;
  description: string;
  optional: boolean;
  dependsOn: string[];
  state: 'loaded' | 'registered' | 'migrated' | 'started' | 'failed' | 'stopped';
  error: string | null;
  health: {
    status: 'ok' | 'degraded' | 'failed';
    failedEvents: number;
    retryingEvents: number;
    lastError: string | null;
  };
  permissions: Array<{ key: string; description: string; providerOnly: boolean; grantTo: string[] }>;
  rollout: { everyone: boolean; groups: string[]; unknownGroups: string[]; updatedAt: string | null };
  hasSettings: boolean;
}

/** GET /api/v1/groups, one item. */
export interface GroupSummary {
  key: string;
  name: string;
  description: string | null;
  organizationCount: number;
  userCount: number;
}

/** GET /api/v1/plugins/:id/settings */
export interface PluginSettings {
  pluginId: string;
  displayName: string;
  schema: Record<string, unknown>;
  values: Record<string, unknown>;
  stored: string[];
  locked: string[];
  writeOnly: string[];
  updatedAt: string | null;
}
