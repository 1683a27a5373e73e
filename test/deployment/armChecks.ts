/**
 * Static checks for the ARM templates in deploymentTemplates/. Each check returns a list of
 * problems (empty = fine) so a test can assert both that the real templates pass and that a
 * broken copy fails with a message naming what is wrong.
 *
 * Names are compared exactly (ARM itself ignores case): a reference that only resolves by
 * case-folding is a typo waiting to confuse the next reader.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface ArmParameter {
  type: string;
  defaultValue?: Json;
  allowedValues?: Json[];
  metadata?: { description?: string };
}

export interface ArmResource {
  type: string;
  name: string;
  properties?: JsonObject;
  resources?: ArmResource[];
  [key: string]: unknown;
}

export interface ArmTemplate {
  $schema: string;
  contentVersion: string;
  parameters: Record<string, ArmParameter>;
  variables?: JsonObject;
  resources: ArmResource[];
  outputs?: JsonObject;
}

export interface ArmParameterFile {
  $schema: string;
  contentVersion: string;
  parameters: Record<string, { value?: Json; reference?: Json }>;
}

const TEMPLATE_SCHEMA =
  /^https:\/\/schema\.management\.azure\.com\/schemas\/\d{4}-\d{2}-\d{2}\/(deploymentTemplate|subscriptionDeploymentTemplate)\.json#$/;
const PARAMETERS_SCHEMA =
  /^https:\/\/schema\.management\.azure\.com\/schemas\/\d{4}-\d{2}-\d{2}\/(deploymentParameters|subscriptionDeploymentParameters)\.json#$/;
const CONTENT_VERSION = /^\d+\.\d+\.\d+\.\d+$/;

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The template's required top-level members, with the ARM `$schema`. */
export function checkTemplateShape(template: unknown): string[] {
  if (!isObject(template)) return ['template is not a JSON object'];
  const problems: string[] = [];
  if (typeof template.$schema !== 'string' || !TEMPLATE_SCHEMA.test(template.$schema)) {
    problems.push(`$schema is not an ARM deployment template schema (got ${JSON.stringify(template.$schema)})`);
  }
  if (typeof template.contentVersion !== 'string' || !CONTENT_VERSION.test(template.contentVersion)) {
    problems.push('contentVersion missing or not like 1.0.0.0');
  }
  if (!isObject(template.parameters)) problems.push('parameters missing or not an object');
  if (!Array.isArray(template.resources)) problems.push('resources missing or not an array');
  return problems;
}

/**
 * ARM evaluates a string as an expression when it starts with `[` and ends with `]`;
 * `[[` escapes a literal bracket. Property names are expressions too (e.g. a
 * user-assigned identity id used as a key).
 */
function isExpression(s: string): boolean {
  return s.startsWith('[') && !s.startsWith('[[') && s.endsWith(']');
}

function referencedNames(expression: string, fn: 'parameters' | 'variables'): string[] {
  const pattern = new RegExp(`\\b${fn}\\(\\s*'((?:[^']|'')*)'\\s*\\)`, 'g');
  return [...expression.matchAll(pattern)].map((m) => m[1].replace(/''/g, "'"));
}

/** Every string (keys and values) anywhere under `node`, with a readable path. */
function* strings(node: Json | undefined, path: string): Generator<{ text: string; path: string }> {
  if (typeof node === 'string') {
    yield { text: node, path };
  } else if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) yield* strings(item, `${path}[${i}]`);
  } else if (isObject(node)) {
    for (const [key, value] of Object.entries(node)) {
      yield { text: key, path: `${path} (key ${JSON.stringify(key)})` };
      yield* strings(value, `${path}.${key}`);
    }
  }
}

function isInnerScopeDeployment(node: Json): boolean {
  if (!isObject(node) || node.type !== 'Microsoft.Resources/deployments' || !isObject(node.properties)) return false;
  const options = node.properties.expressionEvaluationOptions;
  return isObject(options) && String(options.scope).toLowerCase() === 'inner';
}

/**
 * Every `parameters('x')` and `variables('x')` used in an expression is declared.
 * A nested deployment with inner expression scope is checked against its own declarations.
 */
export function checkReferences(template: ArmTemplate, where = 'template'): string[] {
  const problems: string[] = [];
  const parameters = new Set(Object.keys(template.parameters ?? {}));
  const variables = new Set(Object.keys(template.variables ?? {}));
  const innerTemplates: { template: ArmTemplate; where: string }[] = [];

  const scan = (node: Json | undefined, path: string): void => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => scan(item, `${path}[${i}]`));
      return;
    }
    if (isObject(node) && isInnerScopeDeployment(node)) {
      const { template: inner, ...rest } = node.properties as JsonObject;
      innerTemplates.push({ template: inner as unknown as ArmTemplate, where: `${where} > ${String(node.name)}` });
      scan({ ...node, properties: rest }, path);
      return;
    }
    if (isObject(node)) {
      for (const [key, value] of Object.entries(node)) {
        checkString(key, `${path} (key ${JSON.stringify(key)})`);
        scan(value, `${path}.${key}`);
      }
    } else if (typeof node === 'string') {
      checkString(node, path);
    }
  };

  const checkString = (text: string, path: string): void => {
    if (!isExpression(text)) return;
    for (const name of referencedNames(text, 'parameters')) {
      if (!parameters.has(name)) problems.push(`${where}: parameters('${name}') is not declared (at ${path})`);
    }
    for (const name of referencedNames(text, 'variables')) {
      if (!variables.has(name)) problems.push(`${where}: variables('${name}') is not declared (at ${path})`);
    }
  };

  // Defaults may refer to other parameters; all other sections may refer to both.
  scan(template.parameters as unknown as Json, 'parameters');
  scan(template.variables, 'variables');
  scan(template.resources as unknown as Json, 'resources');
  scan(template.outputs, 'outputs');
  for (const inner of innerTemplates) problems.push(...checkReferences(inner.template, inner.where));
  return problems;
}

/** A parameter file sets every required parameter and nothing the template does not declare. */
export function checkParameterFile(template: ArmTemplate, file: unknown, fileName = 'parameter file'): string[] {
  if (!isObject(file)) return [`${fileName} is not a JSON object`];
  const problems: string[] = [];
  if (typeof file.$schema !== 'string' || !PARAMETERS_SCHEMA.test(file.$schema)) {
    problems.push(`${fileName}: $schema is not an ARM deployment parameters schema`);
  }
  if (typeof file.contentVersion !== 'string' || !CONTENT_VERSION.test(file.contentVersion)) {
    problems.push(`${fileName}: contentVersion missing or not like 1.0.0.0`);
  }
  if (!isObject(file.parameters)) return [...problems, `${fileName}: parameters missing or not an object`];
  const given = file.parameters;

  for (const [name, declared] of Object.entries(template.parameters)) {
    if (!('defaultValue' in declared) && !(name in given)) {
      problems.push(`${fileName}: required parameter ${name} is missing`);
    }
  }
  for (const [name, entry] of Object.entries(given)) {
    const declared = template.parameters[name];
    if (!declared) {
      problems.push(`${fileName}: sets ${name}, which the template does not declare`);
      continue;
    }
    if (!isObject(entry) || !('value' in entry || 'reference' in entry)) {
      problems.push(`${fileName}: ${name} has neither "value" nor "reference"`);
      continue;
    }
    if ('value' in entry && declared.allowedValues && !declared.allowedValues.includes(entry.value)) {
      problems.push(`${fileName}: ${name} = ${JSON.stringify(entry.value)} is not one of its allowedValues`);
    }
  }
  return problems;
}

/** All resources of `type`, including children and resources of nested deployments. */
export function findResources(template: ArmTemplate, type: string): ArmResource[] {
  const found: ArmResource[] = [];
  const visit = (resources: ArmResource[] | undefined): void => {
    for (const resource of resources ?? []) {
      if (resource.type === type) found.push(resource);
      visit(resource.resources);
      const nested = resource.properties?.template;
      if (resource.type === 'Microsoft.Resources/deployments' && isObject(nested)) {
        visit((nested as unknown as ArmTemplate).resources);
      }
    }
  };
  visit(template.resources);
  return found;
}

/** Parameters an expression depends on, directly or through (possibly nested) variables. */
export function parametersBehind(template: ArmTemplate, value: Json | undefined, seen = new Set<string>()): Set<string> {
  const result = new Set<string>();
  for (const { text } of strings(value, '')) {
    if (!isExpression(text)) continue;
    for (const name of referencedNames(text, 'parameters')) result.add(name);
    for (const name of referencedNames(text, 'variables')) {
      if (seen.has(name)) continue;
      seen.add(name);
      for (const p of parametersBehind(template, template.variables?.[name], seen)) result.add(p);
    }
  }
  return result;
}

export interface AppSettingsExpectation {
  /** Bot settings (AZURE_APP_SETTINGS): each must take its value from a template parameter. */
  fromParameters: readonly string[];
  /** App Service platform settings (fixed values are fine). */
  platform: readonly string[];
}

/**
 * Every Web App in the template has exactly the expected app settings: no more, no fewer, no
 * duplicates, and each bot setting wired to a parameter.
 */
export function checkAppSettings(template: ArmTemplate, expected: AppSettingsExpectation): string[] {
  const sites = findResources(template, 'Microsoft.Web/sites');
  if (sites.length === 0) return ['no Microsoft.Web/sites resource'];
  const problems: string[] = [];
  const wanted = new Set([...expected.fromParameters, ...expected.platform]);

  for (const site of sites) {
    const siteConfig = site.properties?.siteConfig;
    const list = isObject(siteConfig) && Array.isArray(siteConfig.appSettings) ? siteConfig.appSettings : [];
    const settings = list.filter(isObject);
    const names = settings.map((s) => String(s.name));
    const label = `Web App ${site.name}`;

    for (const name of wanted) {
      if (!names.includes(name)) problems.push(`${label}: app setting ${name} is missing`);
    }
    for (const name of names) {
      if (!wanted.has(name)) problems.push(`${label}: unexpected app setting ${name}`);
    }
    for (const name of new Set(names.filter((n, i) => names.indexOf(n) !== i))) {
      problems.push(`${label}: app setting ${name} appears more than once`);
    }
    for (const setting of settings) {
      const name = String(setting.name);
      if (!expected.fromParameters.includes(name)) continue;
      if (parametersBehind(template, setting.value).size === 0) {
        problems.push(`${label}: app setting ${name} does not take its value from a template parameter`);
      }
    }
  }
  return problems;
}

/** The value a property will have when its expression is just `[parameters('x')]`. */
export function resolveSimple(template: ArmTemplate, value: Json | undefined): Json | undefined {
  const m = typeof value === 'string' ? /^\[parameters\('([^']+)'\)\]$/.exec(value) : null;
  return m ? template.parameters[m[1]]?.defaultValue : value;
}

/** A value with `[variables('x')]` replaced by the variable's own value, as often as it is just that. */
export function resolveVariable(template: ArmTemplate, value: Json | undefined): Json | undefined {
  let current = value;
  for (let i = 0; i < 10; i++) {
    const m = typeof current === 'string' ? /^\[variables\('([^']+)'\)\]$/.exec(current) : null;
    if (!m) return current;
    current = template.variables?.[m[1]];
  }
  return current;
}

export interface SecretSetting {
  /** Name of the Key Vault secret the app setting refers to. */
  secret: string;
  /** Secure parameters the secret's value comes from. */
  parameters: readonly string[];
}

/**
 * Each secret app setting is a Key Vault reference (`@Microsoft.KeyVault(…SecretName=x)`), the
 * vault secret `x` exists and takes its value from the given secure parameters, and the
 * setting itself never carries those parameters' values (only `empty(…)` tests on them).
 */
export function checkSecretSettings(template: ArmTemplate, secrets: Record<string, SecretSetting>): string[] {
  const problems: string[] = [];
  const vaultSecrets = findResources(template, 'Microsoft.KeyVault/vaults/secrets');
  for (const site of findResources(template, 'Microsoft.Web/sites')) {
    const siteConfig = site.properties?.siteConfig;
    const settings = (isObject(siteConfig) && Array.isArray(siteConfig.appSettings) ? siteConfig.appSettings : []).filter(isObject);
    for (const [name, expected] of Object.entries(secrets)) {
      const setting = settings.find((s) => s.name === name);
      if (!setting) {
        problems.push(`app setting ${name} is missing`);
        continue;
      }
      const text = String(resolveVariable(template, setting.value));
      if (!text.includes('@Microsoft.KeyVault(') || !text.includes(`SecretName=${expected.secret}`)) {
        problems.push(`app setting ${name} is not a Key Vault reference to the secret ${expected.secret}`);
      }
      const withoutTests = text.replace(/empty\(parameters\('[^']+'\)\)/g, '');
      for (const p of expected.parameters) {
        if (withoutTests.includes(`parameters('${p}')`)) problems.push(`app setting ${name} carries the value of parameter ${p} itself`);
      }
      const secret = vaultSecrets.find((s) => s.name.includes(`'/${expected.secret}'`));
      if (!secret) {
        problems.push(`Key Vault secret ${expected.secret} is missing`);
        continue;
      }
      const behind = parametersBehind(template, secret.properties?.value);
      for (const p of expected.parameters) {
        if (!behind.has(p)) problems.push(`Key Vault secret ${expected.secret} does not take its value from parameter ${p}`);
        if (template.parameters[p]?.type !== 'securestring') problems.push(`parameter ${p} is not a securestring`);
      }
    }
  }
  return problems;
}
