import { EXTENSION_POINTS, type ExtensionPoint } from '../contracts/tokens.js';
import { TopiclensError } from '../errors.js';
import { closest } from '../suggest.js';
import type { AnyManifest, CommandManifest, PluginManifest, StageManifest } from './manifest.js';

interface Entry<M> {
  manifest: M;
  /** Module the manifest came from (package name, path or `builtin:<file>`). */
  source: string;
}

/** One registry for built-in and third-party plugins, stages and commands alike. */
export class PluginRegistry {
  private readonly plugins = new Map<string, Entry<PluginManifest>>();
  private readonly stageEntries = new Map<string, Entry<StageManifest>>();
  private readonly commandEntries = new Map<string, Entry<CommandManifest>>();
  /** Module specifiers already loaded (so the same module is never registered twice). */
  readonly loadedModules = new Set<string>();

  register(manifest: AnyManifest, source: string): void {
    if (manifest.kind === 'stage') {
      this.add(this.stageEntries, manifest.name, manifest, source, 'stage');
      return;
    }
    if (manifest.kind === 'command') {
      this.add(this.commandEntries, manifest.name, manifest, source, 'command');
      return;
    }
    this.add(this.plugins, `${manifest.extensionPoint}/${manifest.name}`, manifest, source, `${manifest.extensionPoint} plugin`);
  }

  private add<M extends { name: string }>(map: Map<string, Entry<M>>, key: string, manifest: M, source: string, what: string): void {
    const existing = map.get(key);
    if (existing) {
      throw new TopiclensError(
        `Two ${what}s are named "${manifest.name}": one from ${existing.source}, one from ${source}. Rename one of them or drop one module from "plugins".`,
      );
    }
    map.set(key, { manifest, source });
  }

  has(extensionPoint: ExtensionPoint, name: string): boolean {
    return this.plugins.has(`${extensionPoint}/${name}`);
  }

  /** The plugin, or a TopiclensError listing the available names and the closest one. */
  get<E extends ExtensionPoint>(extensionPoint: E, name: string): PluginManifest<E> {
    const entry = this.plugins.get(`${extensionPoint}/${name}`);
    if (entry) return entry.manifest as unknown as PluginManifest<E>;
    throw new TopiclensError(this.unknownMessage(extensionPoint, name), 2);
  }

  unknownMessage(extensionPoint: ExtensionPoint, name: string): string {
    const names = this.names(extensionPoint);
    const guess = closest(name, names);
    return (
      `unknown ${extensionPoint} plugin "${name}"` +
      (guess ? `; did you mean "${guess}"?` : '') +
      ` Available: ${names.length ? names.join(', ') : '(none registered)'}`
    );
  }

  sourceOf(extensionPoint: ExtensionPoint, name: string): string | undefined {
    return this.plugins.get(`${extensionPoint}/${name}`)?.source;
  }

  names(extensionPoint: ExtensionPoint): string[] {
    return this.list(extensionPoint).map((m) => m.name);
  }

  list(extensionPoint?: ExtensionPoint): PluginManifest[] {
    const all = [...this.plugins.values()].map((e) => e.manifest);
    const filtered = extensionPoint ? all.filter((m) => m.extensionPoint === extensionPoint) : all;
    return filtered.sort(
      (a, b) => EXTENSION_POINTS.indexOf(a.extensionPoint) - EXTENSION_POINTS.indexOf(b.extensionPoint) || a.name.localeCompare(b.name),
    );
  }

  listWithSources(): { manifest: PluginManifest; source: string }[] {
    return this.list().map((manifest) => ({ manifest, source: this.sourceOf(manifest.extensionPoint, manifest.name)! }));
  }

  stage(name: string): StageManifest | undefined {
    return this.stageEntries.get(name)?.manifest;
  }

  /**
   * Stages in dependency order. Where several are free to run, the lowest `order` goes first, then
   * those without one in registration order (a stable sort: only third-party stages rely on it).
   */
  stages(): StageManifest[] {
    const rank = (s: StageManifest): number => s.order ?? Number.POSITIVE_INFINITY;
    const entries = [...this.stageEntries.values()]
      .map((e) => e.manifest)
      .sort((a, b) => (rank(a) === rank(b) ? 0 : rank(a) < rank(b) ? -1 : 1));
    const byName = new Map(entries.map((s) => [s.name, s]));
    const ordered: StageManifest[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (s: StageManifest, path: string[]): void => {
      if (state.get(s.name) === 'done') return;
      if (state.get(s.name) === 'visiting') {
        throw new TopiclensError(`Stages depend on each other in a cycle: ${[...path, s.name].join(' → ')}`);
      }
      state.set(s.name, 'visiting');
      for (const dep of s.after) {
        const d = byName.get(dep);
        if (!d) throw new TopiclensError(`Stage "${s.name}" runs after "${dep}", but no stage "${dep}" is registered.`);
        visit(d, [...path, s.name]);
      }
      for (const dep of s.optionalAfter ?? []) {
        const d = byName.get(dep);
        if (d) visit(d, [...path, s.name]);
      }
      state.set(s.name, 'done');
      ordered.push(s);
    };
    for (const s of entries) visit(s, []);
    return ordered;
  }

  command(name: string): CommandManifest | undefined {
    return this.commandEntries.get(name)?.manifest;
  }

  commands(): CommandManifest[] {
    return [...this.commandEntries.values()].map((e) => e.manifest);
  }
}
