import { Component, Project } from 'projen';
import { Dockerfile, IContainerImage, StageBase } from '../../src';

/** An image that is not a NodeDockerImage, named as its author chose (the name is not checked by any NodeDockerImage rule). */
export class NamedImage extends Component implements IContainerImage {
  public readonly dockerfile: Dockerfile;
  public readonly ignoreFilePath = 'tools.Dockerfile.dockerignore';
  public readonly buildContext = '.';
  public readonly buildSecrets: string[] = [];
  public readonly buildSecretFiles: { [id: string]: string } = {};

  public constructor(scope: Project, id: string, public readonly imageName: string) {
    super(scope, id);
    this.dockerfile = new Dockerfile(this, { path: 'tools.Dockerfile' });
    this.dockerfile.addStage('tools', { from: StageBase.image('node:24-trixie-slim') }).addUser('1000', '1000');
  }
}
