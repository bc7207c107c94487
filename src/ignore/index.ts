// Layer 3: DockerIgnore, Docker's matching semantics, checked against its Dockerfile's COPY sources.
export * from './docker-ignore';
export * from './docker-ignore-mode';
