/* eslint-disable @stylistic/quotes, @stylistic/max-len */
// The exact error of every bad input in node-image-cases.ts and other-cases.ts, by construct and case name.
// Each was read and checked by hand: it names the rule, the construct path, what is wrong and the fix.
export const EXPECTED: { [key: string]: string } = {
  "NodeDockerImage | an id with $(...)":
    "Nothing was written: 1 problem found.\n  [InvalidId] W$(touch pwned): the id \"W$(touch pwned)\" names tasks, workflow jobs and the image, so it must start with a letter and hold only letters, digits, \"_\" and \"-\". Fix: Use an id such as \"ApiWorker\", which names the tasks docker:build:api-worker and docker:run:api-worker.",
  "NodeDockerImage | an id with a space":
    "Nothing was written: 1 problem found.\n  [InvalidId] My Worker: the id \"My Worker\" names tasks, workflow jobs and the image, so it must start with a letter and hold only letters, digits, \"_\" and \"-\". Fix: Use an id such as \"ApiWorker\", which names the tasks docker:build:api-worker and docker:run:api-worker.",
  "NodeDockerImage | an id with backticks":
    "Nothing was written: 1 problem found.\n  [InvalidId] api`id`: the id \"api`id`\" names tasks, workflow jobs and the image, so it must start with a letter and hold only letters, digits, \"_\" and \"-\". Fix: Use an id such as \"ApiWorker\", which names the tasks docker:build:api-worker and docker:run:api-worker.",
  "NodeDockerImage | an id starting with a digit":
    "Nothing was written: 1 problem found.\n  [InvalidId] 9lives: the id \"9lives\" names tasks, workflow jobs and the image, so it must start with a letter and hold only letters, digits, \"_\" and \"-\". Fix: Use an id such as \"ApiWorker\", which names the tasks docker:build:api-worker and docker:run:api-worker.",
  "NodeDockerImage | an id with ${{ }}":
    "Nothing was written: 1 problem found.\n  [InvalidId] ${{ github.actor }}: the id \"${{ github.actor }}\" names tasks, workflow jobs and the image, so it must start with a letter and hold only letters, digits, \"_\" and \"-\". Fix: Use an id such as \"ApiWorker\", which names the tasks docker:build:api-worker and docker:run:api-worker.",
  "NodeDockerImage | the same id twice":
    "Nothing was written: 1 problem found.\n  [DuplicateId] Api: another construct in this scope already has the id \"Api\". Fix: Give this NodeDockerImage an id of its own, such as \"Api2\".",
  "NodeDockerImage | two ids that differ only in case":
    "Nothing was written: 1 problem found.\n  [DuplicateId] api: the tasks of this image, docker:build:api and docker:run:api, already exist (another image's id differs from \"api\" only in case or punctuation). Fix: Give each image an id that differs in its letters or digits, such as \"Api\" and \"Worker\".",
  "NodeDockerImage | two ids that differ only in punctuation":
    "Nothing was written: 1 problem found.\n  [DuplicateId] api-worker: the tasks of this image, docker:build:api-worker and docker:run:api-worker, already exist (another image's id differs from \"api-worker\" only in case or punctuation). Fix: Give each image an id that differs in its letters or digits, such as \"Api\" and \"Worker\".",
  "NodeDockerImage | a dockerfilePath leading out of the project":
    "Nothing was written: 1 problem found.\n  [InvalidPath] Api/Dockerfile@..--..--x.Dockerfile: the Dockerfile path \"../../x.Dockerfile\" leads out of the project. Fix: Give a path relative to the project, inside it, of letters, digits, \".\", \"_\", \"-\" and \"/\", such as \"api.Dockerfile\".",
  "NodeDockerImage | an absolute dockerfilePath":
    "Nothing was written: 1 problem found.\n  [InvalidPath] Api/Dockerfile@--tmp--pnd-absolute.Dockerfile: the Dockerfile path \"/tmp/pnd-absolute.Dockerfile\" is an absolute path. Fix: Give a path relative to the project, inside it, of letters, digits, \".\", \"_\", \"-\" and \"/\", such as \"api.Dockerfile\".",
  "NodeDockerImage | a dockerfilePath with a space":
    "Nothing was written: 1 problem found.\n  [InvalidPath] Api/Dockerfile@my api.Dockerfile: the Dockerfile path \"my api.Dockerfile\" has characters other than letters, digits, \".\", \"_\", \"-\" and \"/\". Fix: Give a path relative to the project, inside it, of letters, digits, \".\", \"_\", \"-\" and \"/\", such as \"api.Dockerfile\".",
  "NodeDockerImage | a dockerfilePath with a newline":
    "Nothing was written: 1 problem found.\n  [InvalidPath] Api/Dockerfile@a\\nb.Dockerfile: the Dockerfile path \"a\\nb.Dockerfile\" has characters other than letters, digits, \".\", \"_\", \"-\" and \"/\". Fix: Give a path relative to the project, inside it, of letters, digits, \".\", \"_\", \"-\" and \"/\", such as \"api.Dockerfile\".",
  "NodeDockerImage | a dockerfilePath with ${{ }}":
    "Nothing was written: 1 problem found.\n  [InvalidPath] Api/Dockerfile@${{ github.event.pull_request.title }}.Dockerfile: the Dockerfile path \"${{ github.event.pull_request.title }}.Dockerfile\" has characters other than letters, digits, \".\", \"_\", \"-\" and \"/\". Fix: Give a path relative to the project, inside it, of letters, digits, \".\", \"_\", \"-\" and \"/\", such as \"api.Dockerfile\".",
  "NodeDockerImage | an empty dockerfilePath":
    "Nothing was written: 1 problem found.\n  [InvalidPath] Api/Dockerfile@.: the Dockerfile path is empty. Fix: Give a path relative to the project, inside it, of letters, digits, \".\", \"_\", \"-\" and \"/\", such as \"api.Dockerfile\".",
  "NodeDockerImage | a dockerfilePath with a semicolon":
    "Nothing was written: 1 problem found.\n  [InvalidPath] Api/Dockerfile@x;rm -rf ~.Dockerfile: the Dockerfile path \"x;rm -rf ~.Dockerfile\" has characters other than letters, digits, \".\", \"_\", \"-\" and \"/\". Fix: Give a path relative to the project, inside it, of letters, digits, \".\", \"_\", \"-\" and \"/\", such as \"api.Dockerfile\".",
  "NodeDockerImage | a dockerfilePath another file has":
    "Nothing was written: 1 problem found.\n  [DuplicateFile] Api: tsconfig.json is already written by JsonFile@tsconfig.json. Fix: Give each image its own dockerfilePath, such as \"api.Dockerfile\".",
  "NodeDockerImage | a buildContext with $(...)":
    "Nothing was written: 1 problem found.\n  [InvalidPath] Api: buildContext \"ctx$(id)\" has characters other than letters, digits, \".\", \"_\", \"-\" and \"/\". Fix: Give \".\" (the project folder) or a folder above it, such as \"../..\", of letters, digits, \".\", \"_\", \"-\" and \"/\".",
  "NodeDockerImage | an absolute buildContext":
    "Nothing was written: 1 problem found.\n  [InvalidPath] Api: buildContext \"/srv/app\" is an absolute path. Fix: Give \".\" (the project folder) or a folder above it, such as \"../..\", of letters, digits, \".\", \"_\", \"-\" and \"/\".",
  "NodeDockerImage | a buildContext with a newline":
    "Nothing was written: 1 problem found.\n  [InvalidPath] Api: buildContext \".\\n..\" has characters other than letters, digits, \".\", \"_\", \"-\" and \"/\". Fix: Give \".\" (the project folder) or a folder above it, such as \"../..\", of letters, digits, \".\", \"_\", \"-\" and \"/\".",
  "NodeDockerImage | a buildContext below the project":
    "Nothing was written: 1 problem found.\n  [InvalidBuildContext] Api: buildContext \"src\" does not contain the project, so the Dockerfile could not copy its package.json. Fix: Use \".\" (the project folder) or a folder above it, such as a monorepo root (\"../..\").",
  "NodeDockerImage | a workdir with a space":
    "Nothing was written: 1 problem found.\n  [InvalidPath] Api: workdir \"/app dir\" has characters other than letters, digits, \".\", \"_\", \"-\" and \"/\", or a \"..\". Fix: Give an absolute path such as \"/app\".",
  "NodeDockerImage | a workdir with ..":
    "Nothing was written: 1 problem found.\n  [InvalidPath] Api: workdir \"/app/../etc\" has characters other than letters, digits, \".\", \"_\", \"-\" and \"/\", or a \"..\". Fix: Give an absolute path such as \"/app\".",
  "NodeDockerImage | a workdir with $(...)":
    "Nothing was written: 1 problem found.\n  [InvalidPath] Api: workdir \"/app$(id)\" has characters other than letters, digits, \".\", \"_\", \"-\" and \"/\", or a \"..\". Fix: Give an absolute path such as \"/app\".",
  "NodeDockerImage | a relative workdir":
    "Nothing was written: 1 problem found.\n  [WorkdirRelativePath] Api/Dockerfile@Dockerfile/base: WORKDIR \"app\" is relative, so it depends on every earlier WORKDIR and on the base image. Fix: Use an absolute path (for example \"/app\").",
  "NodeDockerImage | a runtime file outside the project":
    "Nothing was written: 1 problem found.\n  [RuntimeFileOutsideContext] Api: runtime file \"../secret.txt\" is not inside the build context. Fix: Give a path relative to the project, such as \"public\".",
  "NodeDockerImage | an absolute runtime file":
    "Nothing was written: 1 problem found.\n  [RuntimeFileOutsideContext] Api: runtime file \"/etc/passwd\" is not inside the build context. Fix: Give a path relative to the project, such as \"public\".",
  "NodeDockerImage | a .env runtime file":
    "Nothing was written: 1 problem found.\n  [SecretRuntimeFile] Api: runtime file \".env\" holds secrets or registry settings, and anyone who pulls the image could read it. Fix: Leave it out of runtimeFiles and give its values to the container when it runs (docker run --env-file, compose environment, or your orchestrator's secrets).",
  "NodeDockerImage | a .env.production runtime file":
    "Nothing was written: 1 problem found.\n  [SecretRuntimeFile] Api: runtime file \"config/.env.production\" holds secrets or registry settings, and anyone who pulls the image could read it. Fix: Leave it out of runtimeFiles and give its values to the container when it runs (docker run --env-file, compose environment, or your orchestrator's secrets).",
  "NodeDockerImage | an .npmrc runtime file":
    "Nothing was written: 1 problem found.\n  [SecretRuntimeFile] Api: runtime file \".npmrc\" holds secrets or registry settings, and anyone who pulls the image could read it. Fix: Leave it out of runtimeFiles and give its values to the container when it runs (docker run --env-file, compose environment, or your orchestrator's secrets).",
  "NodeDockerImage | a private key runtime file":
    "Nothing was written: 1 problem found.\n  [SecretRuntimeFile] Api: runtime file \"keys/server.key\" holds secrets or registry settings, and anyone who pulls the image could read it. Fix: Leave it out of runtimeFiles and give its values to the container when it runs (docker run --env-file, compose environment, or your orchestrator's secrets).",
  "NodeDockerImage | an SSH key runtime file":
    "Nothing was written: 1 problem found.\n  [SecretRuntimeFile] Api: runtime file \"deploy/id_ed25519\" holds secrets or registry settings, and anyone who pulls the image could read it. Fix: Leave it out of runtimeFiles and give its values to the container when it runs (docker run --env-file, compose environment, or your orchestrator's secrets).",
  "NodeDockerImage | a runtime file with a space":
    "Nothing was written: 1 problem found.\n  [InvalidPath] Api: runtime file \"a b.json\" has characters other than letters, digits, \".\", \"_\", \"-\" and \"/\". Fix: Give a path relative to the project, such as \"public\" or \"config/default.json\".",
  "NodeDockerImage | a runtime file with a newline":
    "Nothing was written: 1 problem found.\n  [InvalidPath] Api: runtime file \"x\\ny\" has characters other than letters, digits, \".\", \"_\", \"-\" and \"/\". Fix: Give a path relative to the project, such as \"public\" or \"config/default.json\".",
  "NodeDockerImage | a runtime file with a glob":
    "Nothing was written: 1 problem found.\n  [InvalidPath] Api: runtime file \"public/*\" has characters other than letters, digits, \".\", \"_\", \"-\" and \"/\". Fix: Give a path relative to the project, such as \"public\" or \"config/default.json\".",
  "NodeDockerImage | a command run through bash":
    "Nothing was written: 1 problem found.\n  [InvalidCommand] Api: command starts with \"/bin/bash\", which would run as PID 1 in front of node and not pass SIGTERM on, so the service could not stop cleanly. Fix: Give the script node runs, such as [\"lib/index.js\"].",
  "NodeDockerImage | a command run through sh":
    "Nothing was written: 1 problem found.\n  [InvalidCommand] Api: command starts with \"sh\", which would run as PID 1 in front of node and not pass SIGTERM on, so the service could not stop cleanly. Fix: Give the script node runs, such as [\"lib/index.js\"].",
  "NodeDockerImage | a command run through env":
    "Nothing was written: 1 problem found.\n  [InvalidCommand] Api: command starts with \"/usr/bin/env\", which would run as PID 1 in front of node and not pass SIGTERM on, so the service could not stop cleanly. Fix: Give the script node runs, such as [\"lib/index.js\"].",
  "NodeDockerImage | an empty command argument":
    "Nothing was written: 1 problem found.\n  [InvalidCommand] Api: command[0] \"\" is empty or has a control character (a newline, tab or NUL). Fix: Give each argument as its own non-empty string, such as [\"dist/index.js\", \"--port\", \"3000\"].",
  "NodeDockerImage | a command through tsx":
    "Nothing was written: 1 problem found.\n  [InvalidCommand] Api: command starts with \"tsx\", a TypeScript runner; the image runs compiled JavaScript with node and installs no dev dependencies. Fix: Give the compiled file node runs, such as [\"dist/index.js\"] (leave command out to run the project's entry point).",
  "NodeDockerImage | a command through ts-node":
    "Nothing was written: 1 problem found.\n  [InvalidCommand] Api: command starts with \"ts-node\", a TypeScript runner; the image runs compiled JavaScript with node and installs no dev dependencies. Fix: Give the compiled file node runs, such as [\"dist/index.js\"] (leave command out to run the project's entry point).",
  "NodeDockerImage | a command of a TypeScript file":
    "Nothing was written: 1 problem found.\n  [InvalidCommand] Api: command starts with \"src/index.ts\", a TypeScript source; the image runs compiled JavaScript with node and installs no dev dependencies. Fix: Give the compiled file node runs, such as [\"dist/index.js\"] (leave command out to run the project's entry point).",
  "NodeDockerImage | a command that starts with node":
    "Nothing was written: 1 problem found.\n  [InvalidCommand] Api: command starts with \"node\", but the image already runs node: CMD would be node node .... Fix: Give only node's arguments, such as [\"dist/index.js\"].",
  "NodeDockerImage | a command through npm start":
    "Nothing was written: 1 problem found.\n  [InvalidCommand] Api: command starts with \"npm\", which would run as PID 1 in front of node and not pass SIGTERM on, so the service could not stop cleanly. Fix: Give the script node runs, such as [\"lib/index.js\"].",
  "NodeDockerImage | an empty command":
    "Nothing was written: 1 problem found.\n  [InvalidCommand] Api: command is empty. Fix: Give the script node runs, such as [\"lib/index.js\"], or leave command out to run the package's main entry point.",
  "NodeDockerImage | a command argument with a newline":
    "Nothing was written: 1 problem found.\n  [InvalidCommand] Api: command[1] \"a\\nb\" is empty or has a control character (a newline, tab or NUL). Fix: Give each argument as its own non-empty string, such as [\"dist/index.js\", \"--port\", \"3000\"].",
  "NodeDockerImage | a command of a program name":
    "Nothing was written: 1 problem found.\n  [InvalidCommand] Api: command starts with \"serve\", which is not a script node can run (CMD would be node serve ...). Fix: Give the JavaScript file node runs, such as [\"dist/index.js\"], or node options first, such as [\"--enable-source-maps\", \"dist/index.js\"].",
  "NodeDockerImage | NODE_ENV set to development":
    "Nothing was written: 1 problem found.\n  [InvalidEnvironment] Api: environment sets NODE_ENV to \"development\", but the image installs only production dependencies and always runs with NODE_ENV=production. Fix: Leave NODE_ENV out; to run another mode, set it when the container runs (docker run -e NODE_ENV=...).",
  "NodeDockerImage | NODE_ENV added as test":
    "Nothing was written: 1 problem found.\n  [InvalidEnvironment] Api: environment sets NODE_ENV to \"test\", but the image installs only production dependencies and always runs with NODE_ENV=production. Fix: Leave NODE_ENV out; to run another mode, set it when the container runs (docker run -e NODE_ENV=...).",
  "NodeDockerImage | an environment name with a space":
    "Nothing was written: 1 problem found.\n  [InvalidEnvironment] Api: environment name \"BAD NAME\" is not a variable name (letters, digits and \"_\", not starting with a digit). Fix: Use a name such as \"LOG_LEVEL\".",
  "NodeDockerImage | an environment name starting with a digit":
    "Nothing was written: 1 problem found.\n  [InvalidEnvironment] Api: environment name \"1X\" is not a variable name (letters, digits and \"_\", not starting with a digit). Fix: Use a name such as \"LOG_LEVEL\".",
  "NodeDockerImage | an environment name with $(...)":
    "Nothing was written: 1 problem found.\n  [InvalidEnvironment] Api: environment name \"X$(id)\" is not a variable name (letters, digits and \"_\", not starting with a digit). Fix: Use a name such as \"LOG_LEVEL\".",
  "NodeDockerImage | a database URL with a password":
    "Nothing was written: 1 problem found.\n  [CredentialInImage] Api: environment DATABASE_URL holds a URL with a password in it, and ENV is stored in the image config, which anyone who pulls the image can read. Fix: Give it to the container when it runs (docker run -e NAME, compose environment, or your orchestrator's secrets).",
  "NodeDockerImage | an environment value with a newline":
    "Nothing was written: 1 problem found.\n  [InvalidEnvironment] Api: environment LOG_FORMAT \"a\\nb\" contains a control character (a newline, tab or NUL). Fix: Give a value on one line.",
  "NodeDockerImage | a token in the environment":
    "Nothing was written: 1 problem found.\n  [SecretsUsedInArgOrEnv] Api/Dockerfile@Dockerfile/runtime: ENV \"API_TOKEN\" looks like a secret and is given a value, which is stored in the image's history and config. Fix: Pass the secret as a build secret (RunMount.secret({ id: 'api_token' }) on the RUN that needs it), or ignore rule SecretsUsedInArgOrEnv if the value is not secret.",
  "NodeDockerImage | a build argument the image sets itself":
    "Nothing was written: 1 problem found.\n  [InvalidEnvironment] Api: buildArgs REVISION is set by the image itself, from the commit it is built from. Fix: Leave REVISION out of buildArgs; docker:build and the workflow pass it.",
  "NodeDockerImage | a build argument name with a dash":
    "Nothing was written: 1 problem found.\n  [InvalidEnvironment] Api: buildArgs name \"A-B\" is not a variable name (letters, digits and \"_\", not starting with a digit). Fix: Use a name such as \"LOG_LEVEL\".",
  "NodeDockerImage | a build argument with a URL password":
    "Nothing was written: 1 problem found.\n  [CredentialInImage] Api: buildArgs MIRROR holds a URL with a password in it, and build arguments are stored in the image history. Fix: Pass it as a build secret (installSecrets for registry tokens), which no layer or history keeps.",
  "NodeDockerImage | a build argument with a newline":
    "Nothing was written: 1 problem found.\n  [InvalidEnvironment] Api: buildArgs FLAVOUR \"a\\nb\" contains a control character (a newline, tab or NUL). Fix: Give a value on one line.",
  "NodeDockerImage | a token as a build argument":
    "Nothing was written: 1 problem found.\n  [SecretsUsedInArgOrEnv] Api/Dockerfile@Dockerfile/build: ARG \"NPM_TOKEN\" looks like a secret and is given a value, which is stored in the image's history and config. Fix: Pass the secret as a build secret (RunMount.secret({ id: 'npm_token' }) on the RUN that needs it), or ignore rule SecretsUsedInArgOrEnv if the value is not secret.",
  "NodeDockerImage | a port listed twice":
    "Nothing was written: 1 problem found.\n  [DuplicatePort] Api: port 3000 is listed more than once. Fix: List each port once (ports and addPort() together).",
  "NodeDockerImage | a port given and added again":
    "Nothing was written: 1 problem found.\n  [DuplicatePort] Api: port 8080 is listed more than once. Fix: List each port once (ports and addPort() together).",
  "NodeDockerImage | a port out of range":
    "Nothing was written: 1 problem found.\n  [ExposeInvalidFormat] Api/Dockerfile@Dockerfile/runtime: EXPOSE port 70000 is not a port number. Fix: Use a whole number from 1 to 65535.",
  "NodeDockerImage | an HTTP health check without a port":
    "Nothing was written: 1 problem found.\n  [InvalidHealthCheck] Api: HealthCheck.http needs a port, and the image has none. Fix: List the port in ports, pass HealthCheck.http(path, { port }), or use HealthCheck.command.",
  "NodeDockerImage | a health check through curl on slim":
    "Nothing was written: 1 problem found.\n  [InvalidHealthCheck] Api: the health check runs \"curl\", which the slim runtime image does not have, so the container would never be healthy. Fix: Use HealthCheck.http(path), which runs node's fetch, or add \"curl\" to runtimePackages.",
  "NodeDockerImage | a health check through wget on slim":
    "Nothing was written: 1 problem found.\n  [InvalidHealthCheck] Api: the health check runs \"wget\", which the slim runtime image does not have, so the container would never be healthy. Fix: Use HealthCheck.http(path), which runs node's fetch, or add \"wget\" to runtimePackages.",
  "NodeDockerImage | a health check through curl on distroless":
    "Nothing was written: 1 problem found.\n  [InvalidHealthCheck] Api: the health check runs \"curl\", which the distroless runtime image does not have, so the container would never be healthy. Fix: Use HealthCheck.http(path), which runs node's fetch, or a script run by node.",
  "NodeDockerImage | a health check through a shell on distroless":
    "Nothing was written: 1 problem found.\n  [InvalidHealthCheck] Api: the health check runs \"/bin/sh\", which the distroless runtime image does not have, so the container would never be healthy. Fix: Use HealthCheck.http(path), which runs node's fetch, or a script run by node.",
  "NodeDockerImage | a health check through curl on alpine":
    "Nothing was written: 1 problem found.\n  [InvalidHealthCheck] Api: the health check runs \"curl\", which the alpine runtime image does not have, so the container would never be healthy. Fix: Use HealthCheck.http(path), which runs node's fetch, or add \"curl\" to runtimePackages.",
  "NodeDockerImage | an empty health check command":
    "Nothing was written: 1 problem found.\n  [InvalidHealthCheck] Api: the health check's command [] is empty, or has an empty argument or a control character. Fix: Give the program and its arguments, such as HealthCheck.command(['node', 'healthcheck.js']).",
  "NodeDockerImage | a health check with an empty argument":
    "Nothing was written: 1 problem found.\n  [InvalidHealthCheck] Api: the health check's command [\"node\",\"\"] is empty, or has an empty argument or a control character. Fix: Give the program and its arguments, such as HealthCheck.command(['node', 'healthcheck.js']).",
  "NodeDockerImage | a health check path with a space":
    "Nothing was written: 1 problem found.\n  [InvalidHealthCheck] Api: the health check's path \"/health check\" contains whitespace. Fix: Percent-encode it, such as \"/health%20check\".",
  "NodeDockerImage | a health check port of 0":
    "Nothing was written: 1 problem found.\n  [InvalidHealthCheck] Api: the health check's port 0 is not a port number. Fix: Give a port from 1 to 65535.",
  "NodeDockerImage | uid 0":
    "Nothing was written: 1 problem found.\n  [InvalidUserId] Api: uid 0 is root. Fix: Give a whole number from 1 to 2147483646, such as 1000 (the official images' \"node\" user).",
  "NodeDockerImage | a negative gid":
    "Nothing was written: 1 problem found.\n  [InvalidUserId] Api: gid -1 is not a user or group id. Fix: Give a whole number from 1 to 2147483646, such as 1000 (the official images' \"node\" user).",
  "NodeDockerImage | a fractional uid":
    "Nothing was written: 1 problem found.\n  [InvalidUserId] Api: uid 1.5 is not a user or group id. Fix: Give a whole number from 1 to 2147483646, such as 1000 (the official images' \"node\" user).",
  "NodeDockerImage | a build package with a shell command":
    "Nothing was written: 1 problem found.\n  [InvalidSystemPackage] Api: system package names \"curl; rm -rf /\" are not valid. Fix: Give Debian or Alpine package names, such as \"ca-certificates\".",
  "NodeDockerImage | a runtime package with $(...)":
    "Nothing was written: 1 problem found.\n  [InvalidSystemPackage] Api: system package names \"$(id)\" are not valid. Fix: Give Debian or Alpine package names, such as \"ca-certificates\".",
  "NodeDockerImage | runtime packages on distroless":
    "Nothing was written: 1 problem found.\n  [UnsupportedOnRuntime] Api: runtimePackages (curl) cannot be installed on distroless, which has no package manager. Fix: Use Runtime.slim(), or copy what the service needs from the build stage (image.stage('runtime').addCopy(...)).",
  "NodeDockerImage | init on distroless":
    "Nothing was written: 1 problem found.\n  [UnsupportedOnRuntime] Api: init (tini) cannot be installed on distroless, which has no package manager. Fix: Leave init out and start the container with an init process (docker run --init, or your orchestrator's equivalent).",
  "NodeDockerImage | an install secret named HOME":
    "Nothing was written: 1 problem found.\n  [InvalidInstallSecret] Api: installSecrets \"HOME\" is not the name of an environment variable the install could read (letters, digits and \"_\", not HOME, PATH, PWD). Fix: Name the variable the package manager reads, such as \"YARN_NPM_AUTH_TOKEN\" or \"NPM_TOKEN\".",
  "NodeDockerImage | an install secret with a dash":
    "Nothing was written: 1 problem found.\n  [InvalidInstallSecret] Api: installSecrets \"npm-token\" is not the name of an environment variable the install could read (letters, digits and \"_\", not HOME, PATH, PWD). Fix: Name the variable the package manager reads, such as \"YARN_NPM_AUTH_TOKEN\" or \"NPM_TOKEN\".",
  "NodeDockerImage | a native addon that is not a package name":
    "Nothing was written: 1 problem found.\n  [InvalidNativeAddon] Api: native addon names \"../x\" are not npm package names. Fix: Give the names of the dependencies that compile a binding, as in package.json, such as \"better-sqlite3\".",
  "NodeDockerImage | Node.js 16":
    "Nothing was written: 1 problem found.\n  [UnsupportedNodeVersion] Api: Node.js 16 is not an LTS line this library builds images for (20, 22, 24, 26). Fix: Set nodeMajor on the image, or minNodeVersion on the project, to one of those lines.",
  "NodeDockerImage | Node.js 23, not an LTS line":
    "Nothing was written: 1 problem found.\n  [UnsupportedNodeVersion] Api: Node.js 23 is not an LTS line this library builds images for (20, 22, 24, 26). Fix: Set nodeMajor on the image, or minNodeVersion on the project, to one of those lines.",
  "NodeDockerImage | the NestJS preset on a JavaScript project":
    "Nothing was written: 1 problem found.\n  [PresetMismatch] Api: the NestJS preset runs the compiled dist/main.js, and this project compiles no TypeScript. Fix: Use a typescript.TypeScriptAppProject, or leave out the preset and set command.",
  "NodeDockerImage | an absolute JavaScript entry point":
    "Nothing was written: 1 problem found.\n  [EntryPointNotInOutput] Api: the entry point \"/srv/index.js\" is not a path inside the project, so the image could not copy it. Fix: Set entrypoint on the project to a path relative to it, such as \"index.js\" (or \"lib/index.js\" for a compiled project), or set command.",
  "NodeDockerImage | a JavaScript entry point outside the project":
    "Nothing was written: 1 problem found.\n  [EntryPointNotInOutput] Api: the entry point \"../index.js\" is not a path inside the project, so the image could not copy it. Fix: Set entrypoint on the project to a path relative to it, such as \"index.js\" (or \"lib/index.js\" for a compiled project), or set command.",
  "NodeDockerImage | a TypeScript entry point outside the output":
    "Nothing was written: 1 problem found.\n  [EntryPointNotInOutput] Api: the entry point \"src/index.ts\" is not in the compiled output folder \"lib\", the only folder of the build the runtime gets. Fix: Set entrypoint on the project to a compiled file, such as \"lib/index.js\", or set command.",
  "NodeDockerImage | a project that is no Node.js project":
    "Nothing was written: 1 problem found.\n  [NotANodeProject] Api: NodeDockerImage needs a Node.js project (javascript.NodeProject or a subclass), not Project. Fix: Declare the image on a javascript.NodeProject, a typescript.TypeScriptProject or one of their subclasses.",
  "NodeDockerImage | a literal token in the project .npmrc":
    "Nothing was written: 1 problem found.\n  [LiteralRegistryToken] Api: .npmrc line 3 sets //npm.pkg.example/:_authToken to a literal value: a credential in a file of the project, which is committed and shared. Fix: Write //npm.pkg.example/:_authToken=${NPM_TOKEN} (project.npmrc.addConfig('//npm.pkg.example/:_authToken', '${NPM_TOKEN}')) and pass the token as the build secret npm_token, or leave the line out and mount a user-level .npmrc with npmrcSecret.",
  "NodeDockerImage | a raw instruction that hides USER root":
    "Nothing was written: 1 problem found.\n  [InvalidRawInstruction] Api/Dockerfile@Dockerfile/runtime: raw instruction holds 2 instructions (\"ONBUILD RUN x\", \"USER root\"), which the model would check as one. Fix: Add one instruction per addRaw() call, or use the typed methods (addUser(), addRun(), ...).",
  "NodeDockerImage | a raw USER root":
    "Nothing was written: 1 problem found.\n  [RootUser] Api/Dockerfile@Dockerfile/runtime: the final stage \"runtime\" runs as root (USER root). Fix: Add a non-root USER with a numeric id (for example stage.addUser('1000', '1000')), or ignore rule RootUser on purpose.",
  "NodeDockerImage | an ignore pattern that excludes the sources":
    "Nothing was written: 1 problem found.\n  [CopyIgnoredFile] Api/Dockerfile@Dockerfile/build: COPY src ./src copies \"src\", which pattern \"src\" in .dockerignore excludes from the build context. Fix: Remove \"src\" from exclude, or add include: ['src'].",
  "NodeDockerImage | an ignore pattern with a newline":
    "Nothing was written: 1 problem found.\n  [InvalidIgnorePattern] Api/DockerIgnore@.dockerignore: pattern \"docs\\n!**/.env\" has a newline or another control character; the file would hold other patterns than the one given. Fix: Give each pattern as its own string, such as addExclude('docs', 'tmp').",
  "Dockerfile | a path leading out of the project":
    "Nothing was written: 1 problem found.\n  [InvalidPath] Dockerfile@..--..--Dockerfile: the Dockerfile path \"../../Dockerfile\" leads out of the project. Fix: Give a path relative to the project, inside it, of letters, digits, \".\", \"_\", \"-\" and \"/\", such as \"api.Dockerfile\".",
  "Dockerfile | an absolute path":
    "Nothing was written: 1 problem found.\n  [InvalidPath] Dockerfile@--tmp--pnd-absolute--Dockerfile: the Dockerfile path \"/tmp/pnd-absolute/Dockerfile\" is an absolute path. Fix: Give a path relative to the project, inside it, of letters, digits, \".\", \"_\", \"-\" and \"/\", such as \"api.Dockerfile\".",
  "Dockerfile | a path with a space":
    "Nothing was written: 1 problem found.\n  [InvalidPath] Dockerfile@Docker file: the Dockerfile path \"Docker file\" has characters other than letters, digits, \".\", \"_\", \"-\" and \"/\". Fix: Give a path relative to the project, inside it, of letters, digits, \".\", \"_\", \"-\" and \"/\", such as \"api.Dockerfile\".",
  "Dockerfile | a path with a newline":
    "Nothing was written: 1 problem found.\n  [InvalidPath] Dockerfile@a\\nDockerfile: the Dockerfile path \"a\\nDockerfile\" has characters other than letters, digits, \".\", \"_\", \"-\" and \"/\". Fix: Give a path relative to the project, inside it, of letters, digits, \".\", \"_\", \"-\" and \"/\", such as \"api.Dockerfile\".",
  "Dockerfile | a path with ${{ }}":
    "Nothing was written: 1 problem found.\n  [InvalidPath] Dockerfile@${{ github.head_ref }}.Dockerfile: the Dockerfile path \"${{ github.head_ref }}.Dockerfile\" has characters other than letters, digits, \".\", \"_\", \"-\" and \"/\". Fix: Give a path relative to the project, inside it, of letters, digits, \".\", \"_\", \"-\" and \"/\", such as \"api.Dockerfile\".",
  "Dockerfile | two Dockerfiles on one path":
    "Nothing was written: 1 problem found.\n  [FileTaken] Dockerfile@Dockerfile: Dockerfile is already written by Dockerfile@Dockerfile. Fix: Give this Dockerfile its own path, such as \"other.Dockerfile\".",
  "Dockerfile | a path a TextFile has":
    "Nothing was written: 1 problem found.\n  [FileTaken] Dockerfile@Dockerfile: Dockerfile is already written by TextFile@Dockerfile. Fix: Give this Dockerfile its own path, such as \"other.Dockerfile\".",
  "Dockerfile | no stages":
    "Nothing was written: 1 problem found.\n  [NoStages] Dockerfile@Dockerfile: the Dockerfile has no stage. Fix: Add a stage with addStage().",
  "Dockerfile | a stage named Build":
    "Nothing was written: 1 problem found.\n  [StageNameCasing] Dockerfile@Dockerfile/Build: stage name \"Build\" must be lowercase letters, digits, \"-\", \"_\" and \".\", starting with a letter. Fix: Pass name: \"build\" (the name defaults to the construct id).",
  "Dockerfile | a stage named scratch":
    "Nothing was written: 1 problem found.\n  [ReservedStageName] Dockerfile@Dockerfile/scratch: stage name \"scratch\" is reserved by builders. Fix: Choose another name, such as \"scratch-stage\".",
  "Dockerfile | two stages of one name":
    "Nothing was written: 1 problem found.\n  [DuplicateStageName] Dockerfile@Dockerfile/again: stage name \"app\" is already used by Dockerfile@Dockerfile/app. Fix: Give each stage its own name.",
  "Dockerfile | an empty raw instruction":
    "Nothing was written: 1 problem found.\n  [InvalidRawInstruction] Dockerfile@Dockerfile/app: raw instruction is empty. Fix: Give the instruction text, or remove it.",
  "Dockerfile | a raw FROM":
    "Nothing was written: 1 problem found.\n  [InvalidRawInstruction] Dockerfile@Dockerfile/app: raw instruction \"FROM alpine\" starts a stage, which the model would not know of. Fix: Add the stage with Dockerfile.addStage() instead.",
  "Dockerfile | a raw instruction ending in a continuation":
    "Nothing was written: 1 problem found.\n  [InvalidRawInstruction] Dockerfile@Dockerfile/app: raw instruction ends with a line continuation, which would swallow the next instruction. Fix: Remove the trailing backslash.",
  "Dockerfile | two instructions in one raw text":
    "Nothing was written: 1 problem found.\n  [InvalidRawInstruction] Dockerfile@Dockerfile/app: raw instruction holds 2 instructions (\"RUN a\", \"RUN b\"), which the model would check as one. Fix: Add one instruction per addRaw() call, or use the typed methods (addUser(), addRun(), ...).",
  "Dockerfile | a raw USER root after USER 1000":
    "Nothing was written: 1 problem found.\n  [RootUser] Dockerfile@Dockerfile/app: the final stage \"app\" runs as root (USER root). Fix: Add a non-root USER with a numeric id (for example stage.addUser('1000', '1000')), or ignore rule RootUser on purpose.",
  "Dockerfile | a raw text that hides USER root behind ONBUILD":
    "Nothing was written: 1 problem found.\n  [InvalidRawInstruction] Dockerfile@Dockerfile/app: raw instruction holds 2 instructions (\"ONBUILD RUN x\", \"USER root\"), which the model would check as one. Fix: Add one instruction per addRaw() call, or use the typed methods (addUser(), addRun(), ...).",
  "Dockerfile | USER root":
    "Nothing was written: 1 problem found.\n  [RootUser] Dockerfile@Dockerfile/app: the final stage \"app\" runs as root (USER root). Fix: Add a non-root USER with a numeric id (for example stage.addUser('1000', '1000')), or ignore rule RootUser on purpose.",
  "Dockerfile | a relative WORKDIR":
    "Nothing was written: 1 problem found.\n  [WorkdirRelativePath] Dockerfile@Dockerfile/app: WORKDIR \"app\" is relative, so it depends on every earlier WORKDIR and on the base image. Fix: Use an absolute path (for example \"/app\").",
  "Dockerfile | a port out of range":
    "Nothing was written: 1 problem found.\n  [ExposeInvalidFormat] Dockerfile@Dockerfile/app: EXPOSE port 70000 is not a port number. Fix: Use a whole number from 1 to 65535.",
  "Dockerfile | an invalid image reference":
    "Nothing was written: 1 problem found.\n  [InvalidImageReference] Dockerfile@Dockerfile/other: image \"Node:Latest\" is not a valid reference: repository path component \"Node\" must be lowercase letters and digits, separated by \".\", \"_\", \"__\" or \"-\". Fix: Write it as [registry/]repository:tag[@sha256:digest], for example \"node:24-trixie-slim\".",
  "Dockerfile | an ENV name with a space":
    "Nothing was written: 1 problem found.\n  [InvalidName] Dockerfile@Dockerfile/app: ENV name \"A B\" is not a valid variable name. Fix: Use letters, digits and \"_\", not starting with a digit (for example NODE_ENV).",
  "Dockerfile | an ENV value with a newline":
    "Nothing was written: 1 problem found.\n  [UnrepresentableValue] Dockerfile@Dockerfile/app: ENV MODE value contains a line break, which would end the instruction. Fix: Remove line breaks and control characters; for multi-line content, COPY a file instead.",
  "Dockerfile | a label key with a newline":
    "Nothing was written: 1 problem found.\n  [InvalidName] Dockerfile@Dockerfile/app: LABEL key \"a\\nb\" is not a valid label key. Fix: Use letters, digits, \".\", \"-\", \"_\" and \"/\", starting with a letter or digit (for example org.opencontainers.image.title).",
  "Dockerfile | an ARG name with $":
    "Nothing was written: 1 problem found.\n  [InvalidName] Dockerfile@Dockerfile/app: ARG name \"A$B\" is not a valid variable name. Fix: Use letters, digits and \"_\", not starting with a digit (for example NODE_ENV).",
  "Dockerfile | a secret ARG":
    "Nothing was written: 1 problem found.\n  [SecretsUsedInArgOrEnv] Dockerfile@Dockerfile/app: ARG \"NPM_TOKEN\" looks like a secret and is given a value, which is stored in the image's history and config. Fix: Pass the secret as a build secret (RunMount.secret({ id: 'npm_token' }) on the RUN that needs it), or ignore rule SecretsUsedInArgOrEnv if the value is not secret.",
  "Dockerfile | a secret mount id with a space":
    "Nothing was written: 2 problems found.\n  [InvalidMount] Dockerfile@Dockerfile/app: secret mount id \"a b\" contains white space, a comma, a quote or \"=\", which the mount syntax cannot carry. Fix: Use a value without those characters.\n  [InvalidMount] Dockerfile@Dockerfile/app: secret mount id \"a b\" is empty or has characters other than letters, digits, \".\", \"_\" and \"-\". Fix: Use an id such as \"npmrc\".",
  "Dockerfile | a health check with negative retries":
    "Nothing was written: 1 problem found.\n  [InvalidHealthcheck] Dockerfile@Dockerfile/app: HEALTHCHECK retries -1 is not a positive whole number. Fix: Use a whole number of at least 1.",
  "Dockerfile | a health check interval of 0":
    "Nothing was written: 1 problem found.\n  [InvalidHealthcheck] Dockerfile@Dockerfile/app: HEALTHCHECK interval of 0ms is not allowed. Fix: Use a whole number of milliseconds of at least 1ms.",
  "Dockerfile | an EXPOSE of a range given as a port":
    "Nothing was written: 1 problem found.\n  [ExposeInvalidFormat] Dockerfile@Dockerfile/app: EXPOSE port 0 is not a port number. Fix: Use a whole number from 1 to 65535.",
  "DockerIgnore | an exclude with a newline that would let .env in":
    "Nothing was written: 1 problem found.\n  [InvalidIgnorePattern] DockerIgnore@.dockerignore: pattern \"docs\\n!**/.env\" has a newline or another control character; the file would hold other patterns than the one given. Fix: Give each pattern as its own string, such as addExclude('docs', 'tmp').",
  "DockerIgnore | an exclude with a newline that hides a copied file":
    "Nothing was written: 1 problem found.\n  [InvalidIgnorePattern] DockerIgnore@.dockerignore: pattern \"tmp\\ntsconfig.json\" has a newline or another control character; the file would hold other patterns than the one given. Fix: Give each pattern as its own string, such as addExclude('docs', 'tmp').",
  "DockerIgnore | an include with a carriage return":
    "Nothing was written: 1 problem found.\n  [InvalidIgnorePattern] DockerIgnore@.dockerignore: pattern \"a\\rb\" has a newline or another control character; the file would hold other patterns than the one given. Fix: Give each pattern as its own string, such as addExclude('docs', 'tmp').",
  "DockerIgnore | a default exclude with NUL":
    "Nothing was written: 1 problem found.\n  [InvalidIgnorePattern] DockerIgnore@.dockerignore: pattern \"x\\u0000y\" has a newline or another control character; the file would hold other patterns than the one given. Fix: Give each pattern as its own string, such as addExclude('docs', 'tmp').",
  "DockerIgnore | an exclude of a copied file":
    "Nothing was written: 1 problem found.\n  [CopyIgnoredFile] Dockerfile@Dockerfile/app: COPY tsconfig.json ./ copies \"tsconfig.json\", which pattern \"tsconfig*.json\" in .dockerignore excludes from the build context. Fix: Remove \"tsconfig*.json\" from exclude, or add include: ['tsconfig.json'].",
  "DockerIgnore | an allow-list exclude of a copied file":
    "Nothing was written: 1 problem found.\n  [CopyIgnoredFile] Dockerfile@Dockerfile/app: COPY tsconfig.json ./ copies \"tsconfig.json\", which pattern \"tsconfig.json\" in .dockerignore excludes from the build context. Fix: Remove \"tsconfig.json\" from exclude, or add include: ['tsconfig.json'].",
  "DockerIgnore | a path leading out of the project":
    "Nothing was written: 1 problem found.\n  [InvalidPath] DockerIgnore@..--..--.dockerignore: the ignore file path \"../../.dockerignore\" leads out of the project. Fix: Give a path relative to the project, inside it, of letters, digits, \".\", \"_\", \"-\" and \"/\", such as \"api.Dockerfile.dockerignore\".",
  "DockerIgnore | an absolute path":
    "Nothing was written: 1 problem found.\n  [InvalidPath] DockerIgnore@--tmp--pnd-absolute.dockerignore: the ignore file path \"/tmp/pnd-absolute.dockerignore\" is an absolute path. Fix: Give a path relative to the project, inside it, of letters, digits, \".\", \"_\", \"-\" and \"/\", such as \"api.Dockerfile.dockerignore\".",
  "DockerIgnore | a path with a space":
    "Nothing was written: 1 problem found.\n  [InvalidPath] DockerIgnore@a b.dockerignore: the ignore file path \"a b.dockerignore\" has characters other than letters, digits, \".\", \"_\", \"-\" and \"/\". Fix: Give a path relative to the project, inside it, of letters, digits, \".\", \"_\", \"-\" and \"/\", such as \"api.Dockerfile.dockerignore\".",
  "DockerIgnore | a path with ${{ }}":
    "Nothing was written: 1 problem found.\n  [InvalidPath] DockerIgnore@${{ github.head_ref }}.dockerignore: the ignore file path \"${{ github.head_ref }}.dockerignore\" has characters other than letters, digits, \".\", \"_\", \"-\" and \"/\". Fix: Give a path relative to the project, inside it, of letters, digits, \".\", \"_\", \"-\" and \"/\", such as \"api.Dockerfile.dockerignore\".",
  "DockerIgnore | two ignore files on one path":
    "Nothing was written: 1 problem found.\n  [FileTaken] DockerIgnore@.dockerignore: .dockerignore is already written by DockerIgnore@.dockerignore. Fix: Give this DockerIgnore its own path, such as \"other.dockerignore\".",
  "DistrolessStage | a tag with a newline":
    "Nothing was written: 1 problem found.\n  [UnavailableImage] Dockerfile@Dockerfile/runtime: tag \"nonroot\\nUSER root\" is not one of the distroless Node.js images' tags (nonroot, latest, debug, debug-nonroot). Fix: Pass a DistrolessTag, such as DistrolessTag.NONROOT.",
  "DistrolessStage | a tag that is not one of Google's":
    "Nothing was written: 1 problem found.\n  [UnavailableImage] Dockerfile@Dockerfile/runtime: tag \"edge\" is not one of the distroless Node.js images' tags (nonroot, latest, debug, debug-nonroot). Fix: Pass a DistrolessTag, such as DistrolessTag.NONROOT.",
  "DistrolessStage | a Chainguard digest that is no digest":
    "Nothing was written: 1 problem found.\n  [UnavailableImage] Dockerfile@Dockerfile/runtime: Chainguard's node image must be pinned by digest, and \"sha256:xyz\" is not one. Fix: Pass the digest of cgr.dev/chainguard/node:latest, \"sha256:\" and 64 lowercase hex characters (only latest is free to pull, and it moves).",
  "DistrolessStage | uid 0":
    "Nothing was written: 1 problem found.\n  [RootUser] Dockerfile@Dockerfile/runtime: the final stage \"runtime\" runs as root (USER 0). Fix: Add a non-root USER with a numeric id (for example stage.addUser('1000', '1000')), or ignore rule RootUser on purpose.",
  "DistrolessStage | a relative workdir":
    "Nothing was written: 1 problem found.\n  [WorkdirRelativePath] Dockerfile@Dockerfile/runtime: WORKDIR \"app\" is relative, so it depends on every earlier WORKDIR and on the base image. Fix: Use an absolute path (for example \"/app\").",
  "DistrolessStage | Node.js 16":
    "Nothing was written: 2 problems found.\n  [UnavailableImage] Dockerfile@Dockerfile/runtime: distroless publishes Node.js images for majors 22, 24, 26, not 16. Fix: Build on one of those majors (nodeMajor, or minNodeVersion on the project).\n  [IncompatibleBuildStage] Dockerfile@Dockerfile/runtime: stage \"runtime\" runs what stage \"build\" builds on node:24-trixie-slim, which is Node.js 24, and gcr.io/distroless/nodejs16-debian13:nonroot runs Node.js 16: native addons are built for one ABI and dependencies resolved for one version. Fix: Build stage \"build\" on node:16-trixie-slim.",
  "DistrolessStage | a RUN without a shell":
    "Nothing was written: 1 problem found.\n  [ShellNotInImage] Dockerfile@Dockerfile/runtime: RUN needs a shell, and gcr.io/distroless/nodejs24-debian13:nonroot has none. Fix: Do it in the build stage and COPY the result into this stage (only the debug tags have a shell, for debugging).",
  "TrivyWorkflow | a workflowName leading out of .github/workflows":
    "Nothing was written: 1 problem found.\n  [InvalidWorkflowName] Scan: workflowName \"../../wf\" is not a file name: GitHub runs only the files directly in .github/workflows. Fix: Give a name of letters, digits, \".\", \"_\" and \"-\", starting with a letter or digit, such as \"container-images\".",
  "TrivyWorkflow | a workflowName with a space":
    "Nothing was written: 1 problem found.\n  [InvalidWorkflowName] Scan: workflowName \"my scan\" is not a file name: GitHub runs only the files directly in .github/workflows. Fix: Give a name of letters, digits, \".\", \"_\" and \"-\", starting with a letter or digit, such as \"container-images\".",
  "TrivyWorkflow | a workflowName with ${{ }}":
    "Nothing was written: 1 problem found.\n  [InvalidWorkflowName] Scan: workflowName \"${{ github.actor }}\" is not a file name: GitHub runs only the files directly in .github/workflows. Fix: Give a name of letters, digits, \".\", \"_\" and \"-\", starting with a letter or digit, such as \"container-images\".",
  "TrivyWorkflow | no runner labels":
    "Nothing was written: 1 problem found.\n  [InvalidRunsOn] Scan: runsOn is empty, so no runner could take the jobs. Fix: Give runner labels, such as [\"ubuntu-24.04\"].",
  "TrivyWorkflow | a runner label with a shell command":
    "Nothing was written: 1 problem found.\n  [InvalidRunsOn] Scan: runsOn label \"ubuntu; rm -rf ~\" is not a runner label. Fix: Give labels of letters, digits, \".\", \"_\" and \"-\", such as \"ubuntu-24.04\" or \"self-hosted\".",
  "TrivyWorkflow | a runner label with ${{ }}":
    "Nothing was written: 1 problem found.\n  [InvalidRunsOn] Scan: runsOn label \"${{ github.event.pull_request.title }}\" is not a runner label. Fix: Give labels of letters, digits, \".\", \"_\" and \"-\", such as \"ubuntu-24.04\" or \"self-hosted\".",
  "TrivyWorkflow | a push repository with ${{ }}":
    "Nothing was written: 1 problem found.\n  [InvalidRepository] Scan: push repository \"${{ github.event.pull_request.title }}\" is not a repository path (lowercase letters and digits, separated by \".\", \"_\", \"-\" or \"/\"). Fix: Give a path such as \"my-org/services\", or leave it out for the GitHub repository's own.",
  "TrivyWorkflow | a push repository in capitals":
    "Nothing was written: 1 problem found.\n  [InvalidRepository] Scan: push repository \"Team/Services\" is not a repository path (lowercase letters and digits, separated by \".\", \"_\", \"-\" or \"/\"). Fix: Give a path such as \"my-org/services\", or leave it out for the GitHub repository's own.",
  "TrivyWorkflow | a push registry with a path":
    "Nothing was written: 1 problem found.\n  [InvalidRegistry] Scan: push registry \"ghcr.io/x\" is not a registry host. Fix: Give a host such as \"ghcr.io\" or \"registry.example.com:5000\", or leave it out for GHCR.",
  "TrivyWorkflow | a username secret GitHub reserves":
    "Nothing was written: 1 problem found.\n  [InvalidSecretName] Scan: \"GITHUB_USER\" is not a name a repository secret can have. Fix: Use letters, digits and underscores, not starting with GITHUB_.",
  "TrivyWorkflow | a password secret with a dash":
    "Nothing was written: 1 problem found.\n  [InvalidSecretName] Scan: \"docker-password\" is not a name a repository secret can have. Fix: Use letters, digits and underscores, not starting with GITHUB_.",
  "TrivyWorkflow | a build secret named with ${{ }}":
    "Nothing was written: 1 problem found.\n  [InvalidSecretName] Scan: \"${{ github.event.issue.title }}\" is not a name a repository secret can have. Fix: Use letters, digits and underscores, not starting with GITHUB_.",
  "TrivyWorkflow | an npmrcSecret with a space":
    "Nothing was written: 1 problem found.\n  [InvalidSecretName] Scan: \"NPM RC\" is not a name a repository secret can have. Fix: Use letters, digits and underscores, not starting with GITHUB_.",
  "TrivyWorkflow | a schedule of six fields":
    "Nothing was written: 1 problem found.\n  [InvalidSchedule] Scan: schedule \"0 0 4 * * 1\" has 6 fields, and a schedule needs 5 (minute hour day-of-month month day-of-week). Fix: Give five fields, such as \"23 4 * * 1\" (Mondays, 04:23 UTC).",
  "TrivyWorkflow | a schedule with a newline":
    "Nothing was written: 1 problem found.\n  [InvalidSchedule] Scan: schedule \"23 4 * * 1\\non: push\" has 7 fields, and a schedule needs 5 (minute hour day-of-month month day-of-week). Fix: Give five fields, such as \"23 4 * * 1\" (Mondays, 04:23 UTC).",
  "TrivyWorkflow | no severities":
    "Nothing was written: 1 problem found.\n  [NoSeverities] Scan: severities is empty, so the scan could never fail. Fix: List at least one, such as TrivySeverity.CRITICAL.",
  "TrivyWorkflow | an unknown severity":
    "Nothing was written: 1 problem found.\n  [InvalidSeverity] Scan: \"SEVERE\" is not a Trivy severity. Fix: Use UNKNOWN, LOW, MEDIUM, HIGH, CRITICAL (TrivySeverity).",
  "TrivyWorkflow | a platform without an architecture":
    "Nothing was written: 1 problem found.\n  [InvalidPlatform] Scan: platform \"linux\" is not os/arch[/variant]. Fix: Use platforms such as \"linux/amd64\" or \"linux/arm64\".",
  "TrivyWorkflow | a trivyVersion of latest":
    "Nothing was written: 1 problem found.\n  [InvalidTrivyVersion] Scan: trivyVersion \"latest\" is not a release such as \"v0.74.0\". Fix: Pin an exact Trivy release.",
  "TrivyWorkflow | no images":
    "Nothing was written: 1 problem found.\n  [NoImages] Scan: images is empty, so there is nothing to build. Fix: Pass the images of this project (such as NodeDockerImage objects) in images.",
  "TrivyWorkflow | one image twice":
    "Nothing was written: 1 problem found.\n  [DuplicateImage] Scan: image Api is listed twice in images. Fix: List each image once.",
  "TrivyWorkflow | two workflows of one name":
    "Nothing was written: 1 problem found.\n  [WorkflowFileTaken] Again: .github/workflows/container-images.yml is already written by Scan/CommentedYamlFile@.github--workflows--container-images.yml. Fix: Give this TrivyWorkflow its own workflowName.",
  "TrivyWorkflow | two workflows of one id":
    "Nothing was written: 1 problem found.\n  [DuplicateId] Scan: another construct in this scope already has the id \"Scan\". Fix: Give this TrivyWorkflow an id of its own, such as \"Scan2\".",
  "TrivyWorkflow | a second workflow of one image, with a bad schedule":
    "Nothing was written: 1 problem found.\n  [InvalidSchedule] Nightly: schedule \"nightly\" has 1 field, and a schedule needs 5 (minute hour day-of-month month day-of-week). Fix: Give five fields, such as \"23 4 * * 1\" (Mondays, 04:23 UTC).",
  "TrivyWorkflow | a project without GitHub":
    "Nothing was written: 1 problem found.\n  [NoGitHub] Scan: project \"api\" has no GitHub configuration, so there is no workflow to write. Fix: Enable GitHub on the root project (github: true), or leave out the TrivyWorkflow.",
  "TrivyWorkflow | workflows turned off":
    "Nothing was written: 1 problem found.\n  [WorkflowsDisabled] Scan: project \"api\" has GitHub workflows turned off (githubOptions.workflows is false), so the workflow would not be written. Fix: Set githubOptions.workflows to true on the root project, or leave out the TrivyWorkflow.",
  "TrivyWorkflow | an image of another project":
    "Nothing was written: 1 problem found.\n  [ForeignImage] Scan: image Other belongs to project \"other\", not \"api\". Fix: Give each project its own TrivyWorkflow, with its own images.",
  "TrivyIgnore | a path leading out of the project":
    "Nothing was written: 1 problem found.\n  [InvalidPath] TrivyIgnore@..--..--.trivyignore: the .trivyignore path \"../../.trivyignore\" leads out of the project. Fix: Give a path relative to the project, inside it, of letters, digits, \".\", \"_\", \"-\" and \"/\", such as \".trivyignore\".",
  "TrivyIgnore | an absolute path":
    "Nothing was written: 1 problem found.\n  [InvalidPath] TrivyIgnore@--tmp--pnd-absolute.trivyignore: the .trivyignore path \"/tmp/pnd-absolute.trivyignore\" is an absolute path. Fix: Give a path relative to the project, inside it, of letters, digits, \".\", \"_\", \"-\" and \"/\", such as \".trivyignore\".",
  "TrivyIgnore | a path with a newline":
    "Nothing was written: 1 problem found.\n  [InvalidPath] TrivyIgnore@.trivy\\nignore: the .trivyignore path \".trivy\\nignore\" has characters other than letters, digits, \".\", \"_\", \"-\" and \"/\". Fix: Give a path relative to the project, inside it, of letters, digits, \".\", \"_\", \"-\" and \"/\", such as \".trivyignore\".",
  "TrivyIgnore | an id that is no finding id":
    "Nothing was written: 1 problem found.\n  [InvalidFindingId] TrivyIgnore@.trivyignore: \"not an id\" is not a finding id. Fix: Give the id Trivy reports, such as \"CVE-2026-12345\" or \"GHSA-abcd-efgh-ijkl\".",
  "TrivyIgnore | an id with a newline":
    "Nothing was written: 1 problem found.\n  [InvalidFindingId] TrivyIgnore@.trivyignore: \"CVE-2024-1234\\nCVE-2024-9999\" is not a finding id. Fix: Give the id Trivy reports, such as \"CVE-2026-12345\" or \"GHSA-abcd-efgh-ijkl\".",
  "TrivyIgnore | no reason":
    "Nothing was written: 1 problem found.\n  [MissingReason] TrivyIgnore@.trivyignore: the ignore of CVE-2024-1234 has no reason. Fix: Say why it is safe to ignore (not reachable, no fix yet, ...), for whoever reviews it.",
  "TrivyIgnore | an expiry that is no day":
    "Nothing was written: 1 problem found.\n  [InvalidExpiry] TrivyIgnore@.trivyignore: the ignore of CVE-2024-1234 expires on \"2026-13-01\", which is not a day. Fix: Write it as YYYY-MM-DD, such as \"2027-01-31\".",
  "TrivyIgnore | one id twice":
    "Nothing was written: 1 problem found.\n  [DuplicateIgnore] TrivyIgnore@.trivyignore: CVE-2024-1234 is ignored twice. Fix: Keep one entry, with one reason.",
  "TrivyIgnore | two ignore files on one path":
    "Nothing was written: 1 problem found.\n  [FileTaken] TrivyIgnore@.trivyignore: .trivyignore is already written by TrivyIgnore@.trivyignore. Fix: Give this TrivyIgnore its own path, such as \"other.trivyignore\".",
  "ImageLock | a lock file holding null":
    "Nothing was written: 1 problem found.\n  [MalformedLockFile] ImageLock: docker-images.lock.json must be an object whose \"images\" is an object of image references. Fix: Restore it from version control, or delete it and run \"npx projen docker:pin\".",
  "ImageLock | an entry holding null":
    "Nothing was written: 1 problem found.\n  [MalformedLockFile] ImageLock: docker-images.lock.json: the digest of node:24-trixie-slim is undefined, which is not \"sha256:\" and 64 lowercase hex characters. Fix: Run \"npx projen docker:pin:update\", or remove the entry.",
  "ImageLock | a lock file that is no JSON":
    "Nothing was written: 1 problem found.\n  [MalformedLockFile] ImageLock: docker-images.lock.json is not valid JSON (Unexpected end of JSON input). Fix: Restore it from version control, or delete it and run \"npx projen docker:pin\".",
  "ImageLock | images that are a list":
    "Nothing was written: 1 problem found.\n  [MalformedLockFile] ImageLock: docker-images.lock.json must be an object whose \"images\" is an object of image references. Fix: Restore it from version control, or delete it and run \"npx projen docker:pin\".",
  "ImageLock | a digest that is no digest":
    "Nothing was written: 1 problem found.\n  [MalformedLockFile] ImageLock: docker-images.lock.json: the digest of node:24-trixie-slim is \"sha256:abc\", which is not \"sha256:\" and 64 lowercase hex characters. Fix: Run \"npx projen docker:pin:update\", or remove the entry.",
  "ImageLock | a path leading out of the project":
    "Nothing was written: 1 problem found.\n  [InvalidPath] ImageLock: the lock file path \"../../docker-images.lock.json\" leads out of the project. Fix: Give a path relative to the project, inside it, of letters, digits, \".\", \"_\", \"-\" and \"/\", such as \"docker-images.lock.json\".",
  "ImageLock | a path with a space":
    "Nothing was written: 1 problem found.\n  [InvalidPath] ImageLock: the lock file path \"docker images.lock.json\" has characters other than letters, digits, \".\", \"_\", \"-\" and \"/\". Fix: Give a path relative to the project, inside it, of letters, digits, \".\", \"_\", \"-\" and \"/\", such as \"docker-images.lock.json\".",
  "ComposeFile | a path leading out of the project":
    "Nothing was written: 1 problem found.\n  [InvalidPath] Compose: the compose file path \"../../compose.yaml\" leads out of the project. Fix: Give a path relative to the project, inside it, of letters, digits, \".\", \"_\", \"-\" and \"/\", such as \"compose.yaml\".",
  "ComposeFile | an absolute path":
    "Nothing was written: 1 problem found.\n  [InvalidPath] Compose: the compose file path \"/tmp/pnd-absolute/compose.yaml\" is an absolute path. Fix: Give a path relative to the project, inside it, of letters, digits, \".\", \"_\", \"-\" and \"/\", such as \"compose.yaml\".",
  "ComposeFile | a path with $(...)":
    "Nothing was written: 1 problem found.\n  [InvalidPath] Compose: the compose file path \"compose$(id).yaml\" has characters other than letters, digits, \".\", \"_\", \"-\" and \"/\". Fix: Give a path relative to the project, inside it, of letters, digits, \".\", \"_\", \"-\" and \"/\", such as \"compose.yaml\".",
  "ComposeFile | no services":
    "Nothing was written: 1 problem found.\n  [NoServices] Compose: compose.yaml would have no services, which Compose refuses. Fix: Add a service with compose.addImage(name, image), or leave out the ComposeFile.",
  "ComposeFile | a service name with a space":
    "Nothing was written: 1 problem found.\n  [InvalidServiceName] Compose/my api: service name \"my api\" is not one Compose accepts as a service and host name. Fix: Use lowercase letters, digits, \"_\", \"-\" and \".\" and start with a letter or digit, such as \"api\".",
  "ComposeFile | an environment name with a space":
    "Nothing was written: 1 problem found.\n  [InvalidEnvironment] Compose/api: environment variable names \"A B\" are not valid. Fix: Start with a letter or \"_\" and use letters, digits, \"_\", \".\" and \"-\", such as \"DATABASE_URL\".",
  "ComposeFile | a published port out of range":
    "Nothing was written: 1 problem found.\n  [InvalidPort] Compose/api: port 70000:3000 is not a valid port mapping. Fix: Give whole numbers from 1 to 65535.",
  "ComposeFile | an image reference with a space":
    "Nothing was written: 1 problem found.\n  [InvalidImage] Compose/cache: image \"redis 7\" is not a valid image reference: it contains white space. Fix: Give a reference such as \"postgres:17-trixie\".",
  "ComposeFile | two compose files on one path":
    "Nothing was written: 1 problem found.\n  [Duplicate] Again: compose.yaml is already written by Compose/ComposeYamlFile@compose.yaml. Fix: Give this compose file its own path, such as \"compose.again.yaml\".",
  "ComposeFile | two compose files of one id":
    "Nothing was written: 1 problem found.\n  [DuplicateId] Compose: another construct in this scope already has the id \"Compose\". Fix: Give this ComposeFile an id of its own, such as \"Compose2\".",
  "ComposeFile | an image of another project":
    "Nothing was written: 1 problem found.\n  [ImageOfAnotherProject] Compose/other: image Other belongs to project \"other\", and this compose file builds from project \"api\". Fix: Declare the compose file on the image's project, or give the image a ComposeFile of its own.",
  "NodeServiceProject | postgres without compose":
    "Nothing was written: 1 problem found.\n  [PostgresWithoutCompose] orders: postgres adds a database to compose.yaml, and compose is false. Fix: Leave compose out (it is true by default), or leave out postgres.",
  "NodeServiceProject | a port listed twice":
    "Nothing was written: 1 problem found.\n  [DuplicatePort] Image: port 8080 is listed more than once. Fix: List each port once (ports and addPort() together).",
  "NodeServiceProject | a command through tsx":
    "Nothing was written: 1 problem found.\n  [InvalidCommand] Image: command starts with \"tsx\", a TypeScript runner; the image runs compiled JavaScript with node and installs no dev dependencies. Fix: Give the compiled file node runs, such as [\"dist/index.js\"] (leave command out to run the project's entry point).",
  "NodeServiceProject | NODE_ENV set to development":
    "Nothing was written: 1 problem found.\n  [InvalidEnvironment] Image: environment sets NODE_ENV to \"development\", but the image installs only production dependencies and always runs with NODE_ENV=production. Fix: Leave NODE_ENV out; to run another mode, set it when the container runs (docker run -e NODE_ENV=...).",
  "NodeServiceProject | a scan runner label with ${{ }}":
    "Nothing was written: 1 problem found.\n  [InvalidRunsOn] ImageScan: runsOn label \"${{ github.event.pull_request.title }}\" is not a runner label. Fix: Give labels of letters, digits, \".\", \"_\" and \"-\", such as \"ubuntu-24.04\" or \"self-hosted\".",
  "NodeServiceProject | a push repository with $(...)":
    "Nothing was written: 1 problem found.\n  [InvalidRepository] ImageScan: push repository \"team/$(id)\" is not a repository path (lowercase letters and digits, separated by \".\", \"_\", \"-\" or \"/\"). Fix: Give a path such as \"my-org/services\", or leave it out for the GitHub repository's own.",
};
