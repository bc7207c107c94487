import { IConstruct } from 'constructs';
import { IResolver, ObjectFile, ObjectFileOptions } from 'projen';
import { Document, isScalar, visit } from 'yaml';

/**
 * Options of a CommentedYamlFile.
 */
export interface CommentedYamlFileOptions extends ObjectFileOptions {
  /**
   * The comment written after a scalar value on its line, from the key it is
   * the value of; undefined for none.
   */
  readonly commentOf: (key: string, value: unknown) => string | undefined;
}

/**
 * A YAML file like projen's `YamlFile` (the same marker, layout and overrides),
 * which can also write a comment beside a value, such as the release tag beside
 * an action pinned to a commit. projen's file renders through JSON, which has
 * no comments; this one builds a YAML document from the same object and sets
 * the comments on its nodes.
 */
export class CommentedYamlFile extends ObjectFile {
  private readonly commentOf: (key: string, value: unknown) => string | undefined;

  public constructor(scope: IConstruct, filePath: string, options: CommentedYamlFileOptions) {
    super(scope, filePath, options);
    this.commentOf = options.commentOf;
  }

  protected synthesizeContent(resolver: IResolver): string | undefined {
    // The object with every override and patch applied, as JSON.
    const json = super.synthesizeContent(resolver);
    if (!json) {
      return undefined;
    }
    const document = new Document(JSON.parse(json));
    visit(document, {
      Pair: (_key, pair) => {
        if (isScalar(pair.key) && isScalar(pair.value)) {
          const comment = this.commentOf(String(pair.key.value), pair.value.value);
          if (comment !== undefined) {
            pair.value.comment = ` ${comment}`;
          }
        }
      },
    });
    // As projen's YamlFile writes it: the marker, a blank line, then the document without line folding.
    return [...(this.marker ? [`# ${this.marker}`] : []), '', document.toString({ indent: 2, lineWidth: 0 })].join('\n');
  }
}
