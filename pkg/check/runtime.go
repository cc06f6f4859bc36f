package check

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/imgaudit/imgaudit/pkg/result"
)

func entrypointShellForm(in *Input) []result.Finding {
	c := in.Config.Config
	args, what := c.Entrypoint, "ENTRYPOINT"
	if len(args) == 0 {
		args, what = c.Cmd, "CMD"
	}
	if len(args) < 3 || !isShell(args[0]) || args[1] != "-c" {
		return nil
	}
	return []result.Finding{{Severity: result.Low, Message: fmt.Sprintf(
		"%s runs through %s -c, so the program is not PID 1 and misses SIGTERM; "+
			`use the exec form, %s ["program", "arg"], or exec in the script`, what, args[0], what)}}
}

func isShell(p string) bool {
	switch p {
	case "/bin/sh", "sh", "/bin/bash", "bash", "/bin/ash", "/usr/bin/env":
		return true
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
