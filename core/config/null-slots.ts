import type { CheckFinding } from '../plugin/manifest.js';
import type { PluginRegistry } from '../plugin/registry.js';
import type { NulledKey } from './load-config.js';
import type { ExperimentConfig } from './types.js';

/**
 * A `null` that removes a base's slot can switch stages off (`"encoder": null` disables train,
 * evaluate, attribute, report). That is said, never silent: a note when the disabled stages have
 * no settings left in the config, an error when they do (the user still configures a stage that
 * will not run) — nulling the stages' sections too says it is meant, as the transfer presets do.
 */
export function nullSlotFindings(
  config: ExperimentConfig,
  raw: Record<string, unknown>,
  nulled: ReadonlyMap<string, NulledKey>,
  registry: PluginRegistry,
): { problems: CheckFinding[]; notes: string[] } {
  const problems: CheckFinding[] = [];
  const notes: string[] = [];
  for (const [key, { value, file }] of nulled) {
    const restored = { ...config, [key]: value } as ExperimentConfig;
    const disabled = registry.stages().filter((s) => s.enabled && !s.enabled(config) && s.enabled(restored));
    if (!disabled.length) continue;
    const names = disabled.map((s) => s.name).join(', ');
    const configured = disabled.filter((s) => s.section && raw[s.section] !== undefined);
    if (configured.length) {
      problems.push({
        path: `/${key}`,
        message:
          `null (in ${file}) removes the "${key}" slot, which disables the stage${disabled.length > 1 ? 's' : ''} ${names}; ` +
          `their settings (${configured.map((s) => `/${s.section}`).join(', ')}) would go unused. ` +
          `Restore the slot, or also set ${configured.map((s) => `"${s.section}": null`).join(', ')} to say you mean it.`,
      });
    } else {
      notes.push(`/${key}: null (in ${file}) disables the stage${disabled.length > 1 ? 's' : ''} ${names}`);
    }
  }
  return { problems, notes };
}
