/**
 * Every environment variable the bot reads, parsed once. An invalid value stops the
 * process with one message that names each bad variable and what it expects.
 */
import { z } from 'zod';
import { isValidHostPattern, parseHostPatterns } from './app/attachmentPolicy';

const APP_TYPES = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'] as const;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const STORAGE_SCHEMES = ['sqlite:', 'postgres:', 'postgresql:', 'redis:', 'rediss:'] as const;

export const DEFAULT_STORAGE_URL = 'sqlite://./data/overstapbot.sqlite';

const trimmed = z.string().trim();
const flag = (defaultValue: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', 'ja', 'nee', ''], {
      error: 'expected true or false',
    })
    .default('')
    .transform((v) => (v === '' ? defaultValue : ['true', '1', 'yes', 'ja'].includes(v)));

/**
 * One entry per variable: its schema and a one-line description (used by .env.example,
 * the README table and the deployment-template test). `azure: true` marks the app
 * settings a hosted deployment must set.
 */
export const CONFIG_VARIABLES = {
  MicrosoftAppId: {
    schema: trimmed.default(''),
    description: 'Azure Bot app registration id. Empty: local mode without authentication.',
    azure: true,
  },
  MicrosoftAppPassword: {
    schema: z.string().default(''),
    description: 'Client secret of the app registration (empty for UserAssignedMSI and local mode).',
    azure: true,
  },
  MicrosoftAppType: {
    schema: z
      .union([z.enum(APP_TYPES), z.literal('')], {
        error: `expected one of ${APP_TYPES.join(', ')}`,
      })
      .default(''),
    description: 'MultiTenant, SingleTenant or UserAssignedMSI.',
    azure: true,
  },
  MicrosoftAppTenantId: {
    schema: trimmed.default(''),
    description: 'Tenant id, required for SingleTenant and UserAssignedMSI.',
    azure: true,
  },
  TEAMS_TENANT_IDS: {
    schema: trimmed
      .default('')
      .transform((v) => v.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean))
      .refine((ids) => ids.every((id) => /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/.test(id)), {
        error: 'expected tenant ids (GUIDs) separated by commas',
      }),
    description: 'Teams tenants whose users may use the bot, besides MicrosoftAppTenantId (comma-separated GUIDs). Activities from other tenants are refused.',
    azure: false,
  },
  PORT: {
    schema: z.coerce
      .number({ error: 'expected a port number from 1 to 65535' })
      .int({ error: 'expected a port number from 1 to 65535' })
      .min(1, { error: 'expected a port number from 1 to 65535' })
      .max(65535, { error: 'expected a port number from 1 to 65535' })
      .default(3978),
    description: 'HTTP port of POST /api/messages (default 3978).',
    azure: false,
  },
  HOST: {
    schema: trimmed.default('0.0.0.0'),
    description: 'Address to listen on (default all interfaces).',
    azure: false,
  },
  STORAGE_URL: {
    schema: trimmed.default(DEFAULT_STORAGE_URL).refine(isStorageUrl, {
      error: 'expected sqlite://path, postgresql://user:pass@host/db or redis://host:port',
    }),
    description: `Keyv store for state and data (default ${DEFAULT_STORAGE_URL}).`,
    azure: true,
  },
  LOG_LEVEL: {
    schema: z.enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(', ')}` }).default('info'),
    description: 'fatal, error, warn, info, debug, trace or silent.',
    azure: false,
  },
  DEMO_MODE: {
    schema: z.enum(['auto', 'on', 'off'], { error: 'expected auto, on or off' }).default('auto'),
    description: 'auto: load demo data on first start without credentials; off: never. Never with credentials.',
    azure: false,
  },
  ALLOW_REMOTE_LOCAL_MODE: {
    schema: flag(false),
    description: 'Local mode (no credentials) answers only the person at this machine unless true; true lets anyone who reaches the port use the bot unauthenticated.',
    azure: false,
  },
  SCHOOL_BRIN: {
    schema: trimmed
      .default('')
      .refine((v) => v === '' || /^[0-9]{2}[A-Za-z]{2}([0-9]{2})?$/.test(v), {
        error: 'expected a BRIN like 12AB or 12AB00',
      }),
    description: 'Own BRIN (+ optional vestigingscode); overrides the stored school setting.',
    azure: true,
  },
  FIRST_BEHEERDER: {
    schema: trimmed
      .default('')
      .refine((v) => v === '' || isEmailAddress(v) || isObjectId(v), {
        error: 'expected the Teams e-mail address (jan@school.nl) or the Microsoft Entra object id (8f6e1a2b-…) of the first beheerder',
      }),
    description: 'Teams e-mail address or Entra object id of the first beheerder: on first contact, while the school has no beheerder, that person becomes beheerder.',
    azure: true,
  },
  SCHOOL_NAAM: {
    schema: trimmed.default(''),
    description: "School name; overrides the stored school setting.",
    azure: false,
  },
  OSO_VALIDATOR_DIR: {
    schema: trimmed.default(''),
    description: 'Folder with the OSO-gegevensset technical files; when set, "gereed" also runs the official XSD and validator.',
    azure: false,
  },
  ATTACHMENT_HOSTS: {
    schema: trimmed.default('').refine((v) => parseHostPatterns(v).every(isValidHostPattern), {
      error: 'expected host names or *.domain patterns, separated by commas (no IP addresses, ports or paths)',
    }),
    description: 'Extra hosts files sent in the chat may be downloaded from (https only), besides *.sharepoint.com (Teams); comma-separated, e.g. files.school.nl, *.blob.core.windows.net.',
    azure: false,
  },
} as const;

type Variables = typeof CONFIG_VARIABLES;
export type ConfigVariableName = keyof Variables;
export type RawConfig = { [K in ConfigVariableName]: z.output<Variables[K]['schema']> };

export interface Config extends RawConfig {
  /** True when no app id is set: no authentication, Emulator and local Web Chat. */
  localMode: boolean;
}

export const AZURE_APP_SETTINGS: readonly ConfigVariableName[] = (
  Object.keys(CONFIG_VARIABLES) as ConfigVariableName[]
).filter((name) => CONFIG_VARIABLES[name].azure);

const configSchema = z
  .object(
    Object.fromEntries(
      Object.entries(CONFIG_VARIABLES).map(([name, v]) => [name, v.schema]),
    ) as { [K in ConfigVariableName]: Variables[K]['schema'] },
  )
  .superRefine((c, ctx) => {
    const needsTenant = c.MicrosoftAppType === 'SingleTenant' || c.MicrosoftAppType === 'UserAssignedMSI';
    if (c.MicrosoftAppId && needsTenant && !c.MicrosoftAppTenantId) {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppTenantId'], message: `required when MicrosoftAppType is ${c.MicrosoftAppType}` });
    }
    if (c.MicrosoftAppId && c.MicrosoftAppType !== 'UserAssignedMSI' && !c.MicrosoftAppPassword) {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppPassword'], message: 'required when MicrosoftAppId is set' });
    }
    if (!c.MicrosoftAppId && (c.MicrosoftAppPassword || c.MicrosoftAppTenantId)) {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppId'], message: 'required when a password or tenant id is set' });
    }
  });

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws ConfigError listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const input = Object.fromEntries(
    (Object.keys(CONFIG_VARIABLES) as ConfigVariableName[])
      .filter((name) => env[name] !== undefined && !(env[name] === '' && name !== 'MicrosoftAppId'))
      .map((name) => [name, env[name]]),
  );
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'configuration');
      const value = env[name];
      // A store URL may carry a password; an unresolved Key Vault reference arrives as its literal text.
      const safe = name === 'STORAGE_URL' ? value?.replace(/\/\/[^@/\s]*@/, '//***@') : value;
      const shown = safe === undefined || /Password/i.test(name) ? '' : ` (got ${JSON.stringify(safe)})`;
      return `${name}: ${issue.message}${shown}`;
    });
    throw new ConfigError(problems);
  }
  const raw = parsed.data as RawConfig;
  return { ...raw, SCHOOL_BRIN: raw.SCHOOL_BRIN.toUpperCase(), localMode: raw.MicrosoftAppId === '' };
}

function isEmailAddress(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
}

function isObjectId(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

function isStorageUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (!(STORAGE_SCHEMES as readonly string[]).includes(url.protocol)) return false;
  if (url.protocol === 'sqlite:') return value.length > 'sqlite://'.length;
  return url.hostname !== '';
}
