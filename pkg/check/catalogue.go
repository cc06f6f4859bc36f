package check

import "github.com/imgaudit/imgaudit/pkg/result"

// catalogue lists every check in the order listings show them. IDs never
// change meaning once shipped: pipelines match on them.
var catalogue = []*Check{
	{
		ID: "user-root", Severity: result.High,
		Summary: "the container runs as root",
		Rationale: "A process that runs as uid 0 keeps root's power over the container and " +
			"every mounted volume, and a breakout starts from root.",
		Fix: "Add a user in the image and switch to it with USER, by number (USER 10001) " +
			"so that no passwd lookup is needed.",
		run: userRoot,
	},
	{
		ID: "user-unknown", Severity: result.High,
		Summary: "USER names an account the image's /etc/passwd lacks",
		Rationale: "The runtime looks a user or group name up in the image's own /etc/passwd " +
			"and /etc/group and refuses to start the container when it is not there.",
		Fix: "Create the account in the image before USER, or give USER a numeric uid.",
		run: userUnknown,
	},
	{
		ID: "healthcheck-missing", Severity: result.Medium,
		Summary: "no HEALTHCHECK, or HEALTHCHECK NONE",
		Rationale: "Without a health check the engine reports a hung process as running, " +
			"and nothing restarts it.",
		Fix: `Add HEALTHCHECK CMD ["/app", "health"] (exec form), or rely on the ` +
			"orchestrator's probes and waive this check in the policy.",
		run: healthcheckMissing,
	},
	{
		ID: "entrypoint-shell-form", Severity: result.Low,
		Summary: "ENTRYPOINT or CMD runs through /bin/sh -c",
		Rationale: "In shell form the shell is PID 1: the program never receives SIGTERM, " +
			"so a stop waits for the timeout and then kills it.",
		Fix: `Use the exec form, ENTRYPOINT ["/app", "serve"], or end a wrapper script ` +
			"with exec.",
		run: entrypointShellForm,
	},
	{
		ID: "no-command", Severity: result.Info,
		Summary: "neither ENTRYPOINT nor CMD is set",
		Rationale: "An image without a command is a base image; as a service it runs only " +
			"what each deployment spells out.",
		Fix: "Set ENTRYPOINT or CMD to the program the image exists to run.",
		run: noCommand,
	},
	{
		ID: "secret-env", Severity: result.High,
		Summary: "an ENV entry looks like a credential",
		Rationale: "ENV values are stored in the image config in clear text and shown by " +
			"docker inspect to anyone who can pull the image.",
		Fix: "Pass credentials at run time (orchestrator secrets, a mounted file, a secrets " +
			"manager), never with ENV.",
		run: secretEnv,
	},
	{
		ID: "secret-build-arg", Severity: result.High,
		Summary: "the history records a credential-like build argument",
		Rationale: "Build arguments used by a RUN step are written into the image history " +
			"in clear text.",
		Fix: "Use a build secret (RUN --mount=type=secret,id=npm …) instead of ARG for " +
			"credentials.",
		run: secretBuildArg,
	},
	{
		ID: "tag-latest", Severity: result.Low,
		Summary: "the image was asked for by latest or by no tag",
		Rationale: "latest moves: two deploys of the same reference can run different code, " +
			"and a rollback has nothing to return to.",
		Fix: "Deploy by a version tag or, better, by digest.",
		run: tagLatest,
	},
	{
		ID: "port-privileged-nonroot", Severity: result.Low,
		Summary: "a port below 1024 is exposed while the user is not root",
		Rationale: "A non-root process cannot bind a port below 1024 without " +
			"CAP_NET_BIND_SERVICE, so the service fails to start or needs an extra capability.",
		Fix: "Listen on a port above 1023 in the container and map it to the low port outside.",
		run: portPrivilegedNonroot,
	},
	{
		ID: "package-cache", Severity: result.Medium,
		Summary: "a package manager's download cache or index is left in the image",
		Rationale: "Caches and package indexes are never used at run time; they make every " +
			"pull bigger and go stale at once.",
		Fix: "Remove the cache in the same RUN that fills it (rm -rf /var/lib/apt/lists/*, " +
			"pip --no-cache-dir, npm cache clean --force), or use a cache mount.",
		run: packageCaches,
	},
	{
		ID: "compiler", Severity: result.Medium,
		Summary: "a compiler or build tool is in the final image",
		Rationale: "A tool chain at run time lets an intruder build tools inside the " +
			"container, and it adds size and CVEs the service never needs.",
		Fix: "Build in a separate stage and copy only the artifacts into a slim final stage.",
		run: compilers,
	},
	{
		ID: "env-file", Severity: result.High,
		Summary: "a .env file ships in the image",
		Rationale: ".env files hold the settings and credentials of the machine they came " +
			"from; anyone who can pull the image can read them.",
		Fix: "Add .env* to .dockerignore and pass settings at run time (environment, secrets " +
			"manager, mounted secret).",
		run: envFiles,
	},
	{
		ID: "git-dir", Severity: result.High,
		Summary: "a .git, .svn or .hg folder ships in the image",
		Rationale: "Version-control metadata carries the whole history, including secrets " +
			"committed and removed, and remote URLs with tokens.",
		Fix: "Add .git to .dockerignore, or copy only the build output into the image.",
		run: vcsDirs,
	},
	{
		ID: "secret-file", Severity: result.High,
		Summary: "a private key or a credential file ships in the image",
		Rationale: "Keys and tokens in a layer can be read by anyone who can pull the image, " +
			"and every container started from it shares them.",
		Fix: "Keep keys and credential files out of the build context (.dockerignore), use " +
			"build secrets while building, mount credentials at run time, and rotate any " +
			"that shipped.",
		run: secretFiles,
	},
	{
		ID: "secret-deleted", Severity: result.High,
		Summary: "a secret a later layer deleted still ships in an earlier layer",
		Rationale: "Deleting a file in a later layer only hides it: the layer that added it " +
			"is still pulled, and extracting it gives the file back.",
		Fix: "Never let the secret enter a layer: .dockerignore it, use RUN " +
			"--mount=type=secret, or build in a separate stage; then rotate the secret.",
		run: secretDeleted,
	},
	{
		ID: "build-leftover", Severity: result.Low,
		Summary: "build-context junk (tests, editor folders, logs, Dockerfiles) in the app",
		Rationale: "Files the service never reads make the image bigger and can tell an " +
			"intruder about the build; they are a sign that .dockerignore is missing.",
		Fix: "Add a .dockerignore that leaves out tests, editor and CI folders, logs, caches " +
			"and Dockerfiles, or copy only the build output.",
		run: buildLeftovers,
	},
	{
		ID: "setuid", Severity: result.Info,
		Summary: "a file has the setuid or setgid bit",
		Rationale: "A setuid or setgid program runs with its owner's rights, whoever starts " +
			"it: a way up from an unprivileged user.",
		Fix: "Remove the bits (chmod u-s,g-s) from programs the service does not need, or run " +
			"with --security-opt no-new-privileges.",
		run: setuidFiles,
	},
	{
		ID: "world-writable", Severity: result.Low,
		Summary: "a file or folder anyone in the container may change",
		Rationale: "A world-writable program, library or folder lets any user in the " +
			"container change what another user, root included, runs or reads.",
		Fix: "Remove the bit with chmod o-w, give the folder to the service's user, or add " +
			"the sticky bit to a folder meant to be shared.",
		run: worldWritableFiles,
	},
	{
		ID: "sudo", Severity: result.Medium,
		Summary: "sudo (or doas) is installed",
		Rationale: "sudo in a container only helps an intruder to root; a service that needs " +
			"root should run as root openly, and one that does not should not have the way.",
		Fix: "Remove sudo and run the service as the user it needs.",
		run: sudoInstalled,
	},
	{
		ID: "ssh-server", Severity: result.Medium,
		Summary: "an SSH server is installed",
		Rationale: "An SSH server in a container is a login service with keys baked into the " +
			"image, outside the engine's access control.",
		Fix: "Remove the SSH server; use docker exec or kubectl exec to get a shell.",
		run: sshServer,
	},
	{
		ID: "wasted-space", Severity: result.Medium,
		Summary: "later layers delete or overwrite many bytes earlier layers ship",
		Rationale: "A file deleted or rewritten by a later layer is still pulled with the " +
			"layer that added it: every pull pays for it, and nothing uses it.",
		Fix: "Delete temporary files in the same RUN that creates them, chmod and chown in " +
			"the COPY (--chmod, --chown), or build in a separate stage.",
		run: wastedSpace,
	},
	{
		ID: "docs-bloat", Severity: result.Info,
		Summary: "man pages, docs and locales take many bytes",
		Rationale: "A service never reads man pages or translations it does not use; a full " +
			"base image carries them where a slim one would not.",
		Fix: "Use a slim base image, or keep docs out with dpkg path-exclude rules or by " +
			"deleting them in the RUN that installs packages.",
		run: docsBloat,
	},
	{
		ID: "size-budget", Severity: result.High,
		Summary: "the image, a layer or the wasted bytes exceed a budget the user set",
		Rationale: "A budget keeps pulls and cold starts fast; going over it means something " +
			"big came in that the team did not plan for.",
		Fix: "Find what grew in the layer table, slim it down, or raise the budget in the " +
			"policy.",
		run: sizeBudget,
	},
}
