package check

import "github.com/imgaudit/imgaudit/pkg/result"

// catalogue lists every check in the order listings show them. IDs never
// change meaning once shipped: pipelines match on them.
var catalogue = []*Check{
	{
		ID: "user-root", Severity: result.High,
		Summary:   "the container runs as root",
		Rationale: "A process that runs as uid 0 keeps root's power over the container and every mounted volume, and a breakout starts from root.",
		Fix:       "Add a user in the image and switch to it with USER, by number (USER 10001) so that no passwd lookup is needed.",
		run:       userRoot,
	},
	{
		ID: "user-unknown", Severity: result.High,
		Summary:   "USER names an account the image's /etc/passwd lacks",
		Rationale: "The runtime looks a user name up in the image's own /etc/passwd and refuses to start the container when it is not there.",
		Fix:       "Create the account in the image before USER, or give USER a numeric uid.",
		run:       userUnknown,
	},
	{
		ID: "healthcheck-missing", Severity: result.Medium,
		Summary:   "no HEALTHCHECK, or HEALTHCHECK NONE",
		Rationale: "Without a health check the engine reports a hung process as running, and nothing restarts it.",
		Fix:       `Add HEALTHCHECK CMD ["/app", "health"] (exec form), or rely on the orchestrator's probes and waive this check in the policy.`,
		run:       healthcheckMissing,
	},
	{
		ID: "entrypoint-shell-form", Severity: result.Low,
		Summary:   "ENTRYPOINT or CMD runs through /bin/sh -c",
		Rationale: "In shell form the shell is PID 1: the program never receives SIGTERM, so a stop waits for the timeout and then kills it.",
		Fix:       `Use the exec form, ENTRYPOINT ["/app", "serve"], or end a wrapper script with exec.`,
		run:       entrypointShellForm,
	},
	{
		ID: "no-command", Severity: result.Info,
		Summary:   "neither ENTRYPOINT nor CMD is set",
		Rationale: "An image without a command is a base image; as a service it runs only what each deployment spells out.",
		Fix:       "Set ENTRYPOINT or CMD to the program the image exists to run.",
		run:       noCommand,
	},
	{
		ID: "secret-env", Severity: result.High,
		Summary:   "an ENV entry looks like a credential",
		Rationale: "ENV values are stored in the image config in clear text and shown by docker inspect to anyone who can pull the image.",
		Fix:       "Pass credentials at run time (orchestrator secrets, a mounted file, a secrets manager), never with ENV.",
		run:       secretEnv,
	},
	{
		ID: "secret-build-arg", Severity: result.High,
		Summary:   "the history records a credential-like build argument",
		Rationale: "Build arguments used by a RUN step are written into the image history in clear text.",
		Fix:       "Use a build secret (RUN --mount=type=secret,id=npm …) instead of ARG for credentials.",
		run:       secretBuildArg,
	},
	{
		ID: "tag-latest", Severity: result.Low,
		Summary:   "the image was asked for by latest or by no tag",
		Rationale: "latest moves: two deploys of the same reference can run different code, and a rollback has nothing to return to.",
		Fix:       "Deploy by a version tag or, better, by digest.",
		run:       tagLatest,
	},
	{
		ID: "port-privileged-nonroot", Severity: result.Low,
		Summary:   "a port below 1024 is exposed while the user is not root",
		Rationale: "A non-root process cannot bind a port below 1024 without CAP_NET_BIND_SERVICE, so the service fails to start or needs an extra capability.",
		Fix:       "Listen on a port above 1023 in the container and map it to the low port outside.",
		run:       portPrivilegedNonroot,
	},
	{
		ID: "package-cache", Severity: result.Medium,
		Summary:   "a package manager's download cache or index is left in the image",
		Rationale: "Caches and package indexes are never used at run time; they make every pull bigger and go stale at once.",
		Fix:       "Remove the cache in the same RUN that fills it (rm -rf /var/lib/apt/lists/*, pip --no-cache-dir, npm cache clean --force), or use a cache mount.",
		run:       packageCaches,
	},
	{
		ID: "compiler", Severity: result.Medium,
		Summary:   "a compiler or build tool is in the final image",
		Rationale: "A tool chain at run time lets an intruder build tools inside the container, and it adds size and CVEs the service never needs.",
		Fix:       "Build in a separate stage and copy only the artifacts into a slim final stage.",
		run:       compilers,
	},
	{
		ID: "env-file", Severity: result.High,
		Summary:   "a .env file ships in the image",
		Rationale: ".env files hold the settings and credentials of the machine they came from; anyone who can pull the image can read them.",
		Fix:       "Add .env* to .dockerignore and pass settings at run time (environment, secrets manager, mounted secret).",
		run:       envFiles,
	},
	{
		ID: "git-dir", Severity: result.High,
		Summary:   "a .git, .svn or .hg folder ships in the image",
		Rationale: "Version-control metadata carries the whole history, including secrets committed and removed, and remote URLs with tokens.",
		Fix:       "Add .git to .dockerignore, or copy only the build output into the image.",
		run:       vcsDirs,
	},
}
