import { ImageReference, NodeImage } from '../images';
import type { DockerfileStage } from './stage';

/**
 * What a stage starts from: an image, an earlier stage, or nothing (`scratch`).
 */
export class StageBase {
  /**
   * An image, such as `node:24-trixie-slim`. It may use `$NAME` or `${NAME}` for
   * ARGs declared with `Dockerfile.addGlobalArg()`.
   */
  public static image(reference: string): StageBase {
    return new StageBase(reference, undefined);
  }

  /** An official `node` image, as a typed value that later stages and checks can read. */
  public static node(image: NodeImage): StageBase {
    return new StageBase(image.toString(), undefined, image, image.imageReference);
  }

  /** An image, as a typed reference. */
  public static of(reference: ImageReference): StageBase {
    return new StageBase(reference.toString(), undefined, undefined, reference);
  }

  /** An earlier stage of the same Dockerfile. */
  public static stage(stage: DockerfileStage): StageBase {
    return new StageBase(undefined, stage);
  }

  /** The empty image. */
  public static scratch(): StageBase {
    return new StageBase('scratch', undefined);
  }

  /** The image reference, when the base is an image. */
  public readonly imageReference?: string;
  /** The stage, when the base is a stage. */
  public readonly baseStage?: DockerfileStage;
  /** The official node image, when the base is one. */
  public readonly nodeImage?: NodeImage;
  /** The image as a typed reference, when the base is an image with a valid reference (no variables). */
  public readonly reference?: ImageReference;

  private constructor(imageReference: string | undefined, baseStage: DockerfileStage | undefined, nodeImage?: NodeImage, reference?: ImageReference) {
    this.imageReference = imageReference;
    this.baseStage = baseStage;
    // A reference given as text is the user's: it is read once, here.
    const parsed = reference ?? (imageReference && imageReference !== 'scratch' && !ImageReference.problemWith(imageReference) ? ImageReference.parse(imageReference) : undefined);
    this.reference = parsed;
    this.nodeImage = nodeImage ?? (imageReference ? NodeImage.tryParse(imageReference) : undefined);
  }

  /** True for `FROM scratch`. */
  public get isScratch(): boolean {
    return this.imageReference === 'scratch';
  }

  /** The text after FROM. */
  public render(): string {
    return this.baseStage ? this.baseStage.name : this.imageReference!;
  }
}
