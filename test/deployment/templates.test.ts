import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AZURE_APP_SETTINGS } from '../../src/config';
import {
  type ArmTemplate,
  checkAppSettings,
  checkParameterFile,
  checkReferences,
  checkSecretSettings,
  checkTemplateShape,
  findResources,
  resolveSimple,
  resolveVariable,
  type SecretSetting,
} from './armChecks';

const TEMPLATES_DIR = path.resolve(__dirname, '../../deploymentTemplates');
const FOLDERS = ['deployUseExistResourceGroup', 'deployWithNewResourceGroup'];

/** App Service settings that are not bot configuration (the runtime itself is linuxFxVersion). */
const PLATFORM_APP_SETTINGS = ['SCM_DO_BUILD_DURING_DEPLOYMENT'] as const;
const EXPECTED_SETTINGS = { fromParameters: AZURE_APP_SETTINGS, platform: PLATFORM_APP_SETTINGS };
/** App settings that hold secrets: Key Vault references, never the value. */
const SECRET_SETTINGS: Record<string, SecretSetting> = {
  MicrosoftAppPassword: { secret: 'microsoft-app-password', parameters: ['appSecret'] },
  STORAGE_URL: { secret: 'storage-url', parameters: ['STORAGE_URL', 'postgresAdminPassword'] },
};
const KEY_VAULT_SECRETS_USER = '4633458b-17de-408a-b874-0445c86b69e6';

interface TemplateFile {
  folder: string;
  name: string;
  file: string;
  /** `parameters-for-template-X.json` belongs to `template-X.json` in the same folder. */
  parameterFile: string;
  json: ArmTemplate;
}

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));
const clone = <T>(value: T): T => structuredClone(value);

const templates: TemplateFile[] = FOLDERS.flatMap((folder) =>
  readdirSync(path.join(TEMPLATES_DIR, folder))
    .filter((name) => /^template-.+\.json$/.test(name))
    .map((name) => ({
      folder,
      name,
      file: path.join(TEMPLATES_DIR, folder, name),
      parameterFile: path.join(TEMPLATES_DIR, folder, `parameters-for-${name}`),
      json: readJson(path.join(TEMPLATES_DIR, folder, name)) as ArmTemplate,
    })),
);
const botApps = templates.filter((t) => t.name.startsWith('template-BotApp-'));
const azureBots = templates.filter((t) => t.name.startsWith('template-AzureBot-'));

describe('deploymentTemplates layout', () => {
  it.each(FOLDERS)('%s has the Azure Bot and App Service templates, their parameter files and a readme', (folder) => {
    const suffix = folder === 'deployWithNewResourceGroup' ? 'new-rg' : 'with-rg';
    expect(readdirSync(path.join(TEMPLATES_DIR, folder)).sort()).toEqual(
      [
        `parameters-for-template-AzureBot-${suffix}.json`,
        `parameters-for-template-BotApp-${suffix}.json`,
        'readme.md',
        `template-AzureBot-${suffix}.json`,
        `template-BotApp-${suffix}.json`,
      ].sort(),
    );
  });

  it('new-rg templates deploy at subscription scope and create the group; with-rg at group scope', () => {
    for (const t of templates) {
      const resourceGroups = t.json.resources.filter((r) => r.type === 'Microsoft.Resources/resourceGroups');
      if (t.folder === 'deployWithNewResourceGroup') {
        expect(t.json.$schema, t.name).toContain('subscriptionDeploymentTemplate.json');
        expect(resourceGroups, t.name).toHaveLength(1);
      } else {
        expect(t.json.$schema, t.name).toContain('/deploymentTemplate.json');
        expect(resourceGroups, t.name).toHaveLength(0);
      }
    }
  });
});

describe.each(templates.map((t) => [`${t.folder}/${t.name}`, t] as const))('%s', (_label, t) => {
  it('is an ARM template with $schema, contentVersion, parameters and resources', () => {
    expect(checkTemplateShape(t.json)).toEqual([]);
  });

  it('declares every parameter and variable its expressions reference', () => {
    expect(checkReferences(t.json)).toEqual([]);
  });

  it('matches its parameter file both ways', () => {
    expect(checkParameterFile(t.json, readJson(t.parameterFile), path.basename(t.parameterFile))).toEqual([]);
  });
});

describe('App Service templates', () => {
  it.each(botApps.map((t) => [t.name, t] as const))(
    '%s sets exactly AZURE_APP_SETTINGS from src/config.ts plus the platform settings',
    (_name, t) => {
      expect(checkAppSettings(t.json, EXPECTED_SETTINGS)).toEqual([]);
    },
  );

  it('AZURE_APP_SETTINGS includes FIRST_BEHEERDER, so every template sets it', () => {
    expect(AZURE_APP_SETTINGS).toContain('FIRST_BEHEERDER');
    for (const t of botApps) {
      const [site] = findResources(t.json, 'Microsoft.Web/sites');
      const settings = (site.properties?.siteConfig as { appSettings: { name: string; value: string }[] }).appSettings;
      expect(settings.find((s) => s.name === 'FIRST_BEHEERDER')?.value, t.name).toBe("[parameters('FIRST_BEHEERDER')]");
      expect(t.json.parameters.FIRST_BEHEERDER, t.name).toMatchObject({ type: 'string', defaultValue: '' });
    }
  });

  it.each(botApps.map((t) => [t.name, t] as const))(
    '%s runs Node 22 LTS on Linux over HTTPS only, TLS 1.2+, FTP off, Always On, health check /healthz, built on deploy and started from dist/',
    (_name, t) => {
      const [site] = findResources(t.json, 'Microsoft.Web/sites');
      const siteConfig = site.properties?.siteConfig as Record<string, unknown>;
      expect(site.kind).toBe('app,linux');
      expect(resolveSimple(t.json, siteConfig.linuxFxVersion as string)).toBe('NODE|22-lts');
      expect(siteConfig.appCommandLine).toBe('node dist/src/index.js');
      expect(site.properties?.httpsOnly).toBe(true);
      expect(siteConfig.minTlsVersion).toBe('1.2');
      expect(siteConfig.scmMinTlsVersion).toBe('1.2');
      expect(siteConfig.ftpsState).toBe('Disabled');
      expect(siteConfig.alwaysOn).toBe(true);
      // src/server.ts answers 503 when the store is unreachable; App Service then stops routing there.
      expect(siteConfig.healthCheckPath).toBe('/healthz');
      const [ftp] = findResources(t.json, 'Microsoft.Web/sites/basicPublishingCredentialsPolicies');
      expect(ftp?.name).toBe("[concat(parameters('appServiceName'), '/ftp')]");
      expect(ftp?.properties).toEqual({ allow: false });
      const settings = siteConfig.appSettings as { name: string; value: string }[];
      expect(settings.find((s) => s.name === 'SCM_DO_BUILD_DURING_DEPLOYMENT')?.value).toBe('true');
      // Any instance may take any turn; state lives in the shared store.
      expect(site.properties?.clientAffinityEnabled).toBe(false);
    },
  );

  it('package.json engines admit both Node 20 (local) and the Node 22 that App Service runs', () => {
    const pkg = readJson(path.resolve(__dirname, '../../package.json')) as { engines: { node: string } };
    const minimum = Number(/^>=\s*(\d+)/.exec(pkg.engines.node)?.[1]);
    expect(minimum).toBe(20);
    for (const t of botApps) {
      const deployed = Number(/^NODE\|(\d+)-lts$/.exec(String(t.json.parameters.linuxFxVersion.defaultValue))?.[1]);
      expect(deployed, t.name).toBeGreaterThanOrEqual(minimum);
    }
  });

  it.each(botApps.map((t) => [t.name, t] as const))(
    '%s keeps the client secret and the store URL in Key Vault; the app settings are Key Vault references',
    (_name, t) => {
      expect(checkSecretSettings(t.json, SECRET_SETTINGS)).toEqual([]);
      const [site] = findResources(t.json, 'Microsoft.Web/sites');
      // The user-assigned identity is on the Web App in every app type and resolves the references.
      expect(site.properties?.keyVaultReferenceIdentity).toBe("[variables('msiResourceId')]");
      for (const appType of ['MultiTenant', 'SingleTenant', 'UserAssignedMSI']) {
        const def = (t.json.variables!.appTypeDef as Record<string, { identity: { type: string; userAssignedIdentities: object } }>)[appType]!;
        expect(def.identity.type, appType).toBe('UserAssigned');
        expect(Object.keys(def.identity.userAssignedIdentities), appType).toEqual(["[variables('msiResourceId')]"]);
      }
      expect('defaultValue' in t.json.parameters.UMSIName).toBe(false);
      const [vault] = findResources(t.json, 'Microsoft.KeyVault/vaults');
      expect(vault?.properties).toMatchObject({ enableRbacAuthorization: true, enableSoftDelete: true });
      const [role] = findResources(t.json, 'Microsoft.Authorization/roleAssignments');
      expect(String(role?.properties?.roleDefinitionId)).toContain("variables('keyVaultSecretsUserRole')");
      expect(t.json.variables?.keyVaultSecretsUserRole).toBe(KEY_VAULT_SECRETS_USER);
      expect(role?.properties?.principalId).toBe("[reference(variables('msiResourceId'), '2023-01-31').principalId]");
    },
  );

  it.each(botApps.map((t) => [t.name, t] as const))(
    '%s stores data in a new Azure Database for PostgreSQL flexible server by default; SQLite only when asked, for one instance',
    (_name, t) => {
      expect(t.json.parameters.STORAGE_URL).toMatchObject({ type: 'securestring', defaultValue: '' });
      expect(t.json.parameters.STORAGE_URL.metadata?.description).toContain('sqlite:///home/data/overstapbot.sqlite: one instance only');
      const [server] = findResources(t.json, 'Microsoft.DBforPostgreSQL/flexibleServers');
      expect(server?.condition).toBe("[variables('createPostgres')]");
      expect(t.json.variables?.createPostgres).toBe("[empty(parameters('STORAGE_URL'))]");
      expect(findResources(t.json, 'Microsoft.DBforPostgreSQL/flexibleServers/databases')[0]?.name).toBe(
        "[concat(variables('postgresServerName'), '/overstapbot')]",
      );
      // The URL the bot gets: TLS with certificate check, the password URL-encoded.
      const url = String(resolveVariable(t.json, t.json.variables?.postgresUrl));
      expect(url).toContain("uriComponent(parameters('postgresAdminPassword'))");
      expect(url).toContain(".postgres.database.azure.com:5432/overstapbot?sslmode=verify-full')]");
      expect(t.json.variables?.storageUrl).toBe("[if(variables('createPostgres'), variables('postgresUrl'), parameters('STORAGE_URL'))]");
    },
  );

  it('the start command is what package.json builds', () => {
    const pkg = readJson(path.resolve(__dirname, '../../package.json')) as {
      main: string;
      scripts: Record<string, string>;
    };
    expect(pkg.main).toBe('dist/src/index.js');
    expect(existsSync(path.resolve(__dirname, '../../src/index.ts'))).toBe(true);
    expect(pkg.scripts.build).toMatch(/\btsc\b/);
  });
});

describe('Azure Bot templates', () => {
  it.each(azureBots.map((t) => [t.name, t] as const))(
    '%s creates an azurebot for MultiTenant, SingleTenant or UserAssignedMSI with the Teams channel on /api/messages',
    (_name, t) => {
      const [bot] = findResources(t.json, 'Microsoft.BotService/botServices');
      expect(bot.kind).toBe('azurebot');
      expect(t.json.parameters.appType.allowedValues).toEqual(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']);

      const endpoint = t.json.variables?.botEndpoint;
      expect(bot.properties?.endpoint).toBe("[variables('botEndpoint')]");
      expect(endpoint).toContain("concat('https://', parameters('appServiceName'), '.azurewebsites.net/api/messages')");

      const channels = findResources(t.json, 'Microsoft.BotService/botServices/channels');
      expect(channels).toHaveLength(1);
      expect(channels[0].name).toBe("[concat(parameters('azureBotId'), '/MsTeamsChannel')]");
      expect(channels[0].properties).toMatchObject({ channelName: 'MsTeamsChannel', properties: { isEnabled: true } });
    },
  );

  it('App Service and Azure Bot templates offer the same identity types, a user-assigned managed identity (no secret) by default', () => {
    for (const t of templates) {
      expect(t.json.parameters.appType, t.name).toMatchObject({
        defaultValue: 'UserAssignedMSI',
        allowedValues: ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'],
      });
    }
  });
});

describe('the checks catch broken templates', () => {
  const botApp = botApps[0];

  it.each(AZURE_APP_SETTINGS.map((name) => [name] as const))(
    'a template without the app setting %s fails, naming it',
    (name) => {
      const broken = clone(botApp.json);
      const [site] = findResources(broken, 'Microsoft.Web/sites');
      const siteConfig = site.properties!.siteConfig as { appSettings: { name: string }[] };
      siteConfig.appSettings = siteConfig.appSettings.filter((s) => s.name !== name);

      const problems = checkAppSettings(broken, EXPECTED_SETTINGS);
      expect(problems).toEqual([expect.stringContaining(`app setting ${name} is missing`)]);
    },
  );

  it('an extra or hard-coded bot setting fails', () => {
    const broken = clone(botApp.json);
    const [site] = findResources(broken, 'Microsoft.Web/sites');
    const settings = (site.properties!.siteConfig as { appSettings: { name: string; value: string }[] }).appSettings;
    settings.push({ name: 'LOG_LEVEL', value: 'debug' });
    settings.find((s) => s.name === 'STORAGE_URL')!.value = 'sqlite://./data/x.sqlite';

    expect(checkAppSettings(broken, EXPECTED_SETTINGS)).toEqual([
      expect.stringContaining('unexpected app setting LOG_LEVEL'),
      expect.stringContaining('app setting STORAGE_URL does not take its value from a template parameter'),
    ]);
  });

  it('a secret as a plain app setting, or a vault secret not fed by its parameter, fails', () => {
    const broken = clone(botApp.json);
    const [site] = findResources(broken, 'Microsoft.Web/sites');
    const settings = (site.properties!.siteConfig as { appSettings: { name: string; value: string }[] }).appSettings;
    settings.find((s) => s.name === 'MicrosoftAppPassword')!.value = "[parameters('appSecret')]";
    const [secret] = findResources(broken, 'Microsoft.KeyVault/vaults/secrets').filter((s) => s.name.includes('storage-url'));
    secret!.properties!.value = "[variables('postgresUrl')]";

    expect(checkSecretSettings(broken, SECRET_SETTINGS)).toEqual([
      'app setting MicrosoftAppPassword is not a Key Vault reference to the secret microsoft-app-password',
      'app setting MicrosoftAppPassword carries the value of parameter appSecret itself',
      'Key Vault secret storage-url does not take its value from parameter STORAGE_URL',
    ]);
  });

  it('a reference to an undeclared parameter fails, also inside a nested template', () => {
    // The mistake BotBuilder-Samples' Teams templates shipped with: parameters('botId').
    const broken = clone(templates.find((t) => t.name === 'template-AzureBot-new-rg.json')!.json);
    const [channel] = findResources(broken, 'Microsoft.BotService/botServices/channels');
    channel.name = "[concat(parameters('botId'), '/MsTeamsChannel')]";

    expect(checkReferences(broken)).toEqual([expect.stringContaining("parameters('botId') is not declared")]);
  });

  it('a parameter file missing a required parameter, or setting an unknown one, fails', () => {
    const file = clone(readJson(botApp.parameterFile)) as { parameters: Record<string, unknown> };
    delete file.parameters.appId;
    file.parameters.MicrosoftAppId = { value: 'x' };

    expect(checkParameterFile(botApp.json, file)).toEqual([
      expect.stringContaining('required parameter appId is missing'),
      expect.stringContaining('sets MicrosoftAppId, which the template does not declare'),
    ]);
  });
});
