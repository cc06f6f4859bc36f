package check

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/imgaudit/imgaudit/pkg/result"
)

func entrypointShellForm(in *Input) []result.Finding {
	c := in.Config.Config
	// The runtime runs ENTRYPOINT with CMD as its arguments, so ENTRYPOINT
	// ["/bin/sh", "-c"] with CMD ["node server.js"] is the shell form too.
	argv, what := slices.Concat(c.Entrypoint, c.Cmd), "ENTRYPOINT"
	if len(c.Entrypoint) == 0 {
		what = "CMD"
	}
	shell, script, ok := shellScript(argv)
	if !ok || execsLast(script) {
		return nil
	}
	return []result.Finding{{Severity: result.Low, Message: fmt.Sprintf(
		"%s runs through %s -c, so the program is not PID 1 and misses SIGTERM; "+
			`use the exec form, %s ["program", "arg"], or exec in the script`, what, shell, what)}}
}

// shellScript returns the shell and the script of a command that runs a
// shell with -c, as the shell form of RUN, CMD and ENTRYPOINT writes it:
// ["/bin/sh", "-c", "…"], or under SHELL ["/bin/bash", "-o", "pipefail",
// "-c"], or ["/usr/bin/env", "bash", "-ec", "…"].
func shellScript(argv []string) (shell, script string, ok bool) {
	if len(argv) > 0 && path.Base(argv[0]) == "env" {
		argv = argv[1:]
		for len(argv) > 0 && (strings.HasPrefix(argv[0], "-") || strings.Contains(argv[0], "=")) {
			argv = argv[1:]
		}
	}
	if len(argv) < 3 || !isShell(argv[0]) {
		return "", "", false
	}

	for i := 1; i < len(argv)-1; i++ {
		switch a := argv[i]; {
		case a == "-o" || a == "+o":
			i++ // the option's name follows
		case strings.HasPrefix(a, "--"):
		case strings.HasPrefix(a, "-") && strings.Contains(a, "c"):
			return argv[0], argv[i+1], true
		case !strings.HasPrefix(a, "-") && !strings.HasPrefix(a, "+"):
			return "", "", false // a script file, not -c
		}
	}
	return "", "", false
}

func isShell(p string) bool {
	switch path.Base(p) {
	case "sh", "bash", "ash", "dash", "zsh", "ksh", "mksh":
		return true
	}
	return false
}

// commandSeparator splits a shell script into its commands.
var commandSeparator = regexp.MustCompile(`;|&&|\|\||\n`)

// execsLast reports whether a shell script ends by exec'ing its program, so
// that the program replaces the shell as PID 1 and gets SIGTERM itself:
// "exec gunicorn app:app", "cd /app && exec node server.js".
func execsLast(script string) bool {
	cmds := commandSeparator.Split(script, -1)
	for i := len(cmds) - 1; i >= 0; i-- {
		if last := strings.TrimSpace(cmds[i]); last != "" {
			return strings.HasPrefix(last, "exec ")
		}
	}
	return false
}

func noCommand(in *Input) []result.Finding {
	c := in.Config.Config
	if len(c.Entrypoint) > 0 || len(c.Cmd) > 0 {
		return nil
	}
	return []result.Finding{{Severity: result.Info,
		Message: "neither ENTRYPOINT nor CMD is set; whoever runs the image must name the program"}}
}

func secretEnv(in *Input) []result.Finding {
	var out []result.Finding
	for _, kv := range in.Config.Config.Env {
		name, value, _ := strings.Cut(kv, "=")
		if !looksLikeCredential(name, value) {
			continue
		}
		out = append(out, result.Finding{Severity: result.High, Subject: name, Message: fmt.Sprintf(
			"ENV %s=%s is baked into the image config, readable by anyone who pulls it; "+
				"pass it at run time or from a secrets manager", name, Mask(value))})
	}
	return out
}

func secretBuildArg(in *Input) []result.Finding {
	var out []result.Finding
	layer := 0 // the layer the history entry made, counting only those that made one
	for i, h := range in.Config.History {
		args, _, _ := buildArgs(h.CreatedBy)
		for _, a := range append(args, declaredArgs(h.CreatedBy)...) {
			name, value, _ := strings.Cut(a, "=")
			if !looksLikeCredential(name, value) {
				continue
			}
			f := result.Finding{Severity: result.High, Subject: name, Message: fmt.Sprintf(
				"build argument %s=%s is recorded in the image history (entry %d); use a build "+
					"secret (RUN --mount=type=secret) instead of ARG, and rotate it", name, Mask(value), i)}
			if !h.EmptyLayer && layer < len(in.Index.Layers) {
				f = in.atLayer(f, layer)
			}
			out = append(out, f)
		}
		if !h.EmptyLayer {
			layer++
		}
	}
	return out
}

func tagLatest(in *Input) []result.Finding {
	if in.Tag != "latest" {
		return nil
	}
	return []result.Finding{{Severity: result.Low, Message: "the image was asked for by the tag " +
		"latest (or by no tag), which moves; deploy by a version tag or a digest"}}
}

func portPrivilegedNonroot(in *Input) []result.Finding {
	uid, known := in.uid()
	if known && uid == 0 {
		return nil
	}
	var out []result.Finding
	for p := range in.Config.Config.ExposedPorts {
		num, _, _ := strings.Cut(p, "/")
		n, err := strconv.Atoi(num)
		if err != nil || n >= 1024 {
			continue
		}
		out = append(out, result.Finding{Severity: result.Low, Subject: p, Message: fmt.Sprintf(
			"port %s is below 1024 but the user is not root, so binding it needs "+
				"CAP_NET_BIND_SERVICE; listen on a port above 1023 and map it", p)})
	}
	return out
}
