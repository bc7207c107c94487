import { IConstruct } from 'constructs';
import { IResolver, ObjectFile, ObjectFileOptions } from 'projen';
import { Document, parse, visit } from 'yaml';

/**
 * A YAML file like projen's `YamlFile` (the same marker, layout and overrides)
 * that every Compose tool reads back as written. Compose v1 and podman-compose
 * parse YAML 1.1 (PyYAML), where plain `yes`, `on`, `off`, `y` or `22:22` are a
 * boolean or a number, and Compose v2 parses YAML 1.2, where `0o17` is one: a
 * string that either would read as something else is quoted.
 */
export class ComposeYamlFile extends ObjectFile {
  public constructor(scope: IConstruct, filePath: string, options: ObjectFileOptions) {
    super(scope, filePath, options);
  }

  protected synthesizeContent(resolver: IResolver): string | undefined {
    // The object with every override and patch applied, as JSON.
    const json = super.synthesizeContent(resolver);
    if (!json) {
      return undefined;
    }
    const document = new Document(JSON.parse(json), { version: '1.1' });
    visit(document, {
      Scalar: (_key, scalar) => {
        if (typeof scalar.value === 'string' && !readsAsString(scalar.value)) {
          scalar.type = 'QUOTE_DOUBLE';
        }
      },
    });
    return [...(this.marker ? [`# ${this.marker}`] : []), '', document.toString({ indent: 2, lineWidth: 0 })].join('\n');
  }
}

/** Whether a YAML 1.2 parser reads the text, written plain, as that same string. */
function readsAsString(text: string): boolean {
  try {
    return parse(text, { version: '1.2' }) === text;
  } catch {
    return false;
  }
}
