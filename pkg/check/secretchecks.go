package check

import (
	"fmt"
	"path"
	"strings"

	"github.com/imgaudit/imgaudit/layers"
	"github.com/imgaudit/imgaudit/pkg/result"
)

func secretFiles(in *Input) []result.Finding {
	var out []result.Finding
	for e := range in.Index.All() {
		// A symbolic link holds nothing; what it leads to is judged where it lies.
		if e.Kind != layers.File {
			continue
		}
		src := in.content(e)
		if e.Hardlink && src != nil && in.Index.Lookup(src.Path) == src {
			continue // the linked file is reported at its own path
		}
		what := secretKind(src)
		if what == "" {
			continue
		}

		link := ""
		if e.Hardlink {
			link = fmt.Sprintf(" (a hard link to %s, a name a later layer removed or replaced)",
				showPath(src.Path))
		}
		f := result.Finding{Severity: result.High, Bytes: e.Size, Message: fmt.Sprintf(
			"%s%s holds %s that anyone who pulls the image can read; remove it from the image, "+
				"rotate it, and mount it at run time instead", showPath(e.Path), link, what)}
		// A remote's token was written by the build that cloned, wherever
		// the clone lies; other credentials in a package came with it.
		if from := packageTree(e.Path); from != "" && !isGitConfig(e.Path) {
			f.Severity = result.Low
			f.Message = fmt.Sprintf("%s%s came with %s and holds %s; check that it is "+
				"a test fixture and not a real credential", showPath(e.Path), link, from, what)
		}
		out = append(out, in.at(f, e))
	}
	return out
}

func secretDeleted(in *Input) []result.Finding {
	var out []result.Finding
	seen := map[string]int{} // version-control folders, by path and hiding layer: their finding
	for _, h := range in.Index.Hidden {
		e := h.Entry
		if !h.Deleted && in.stillReported(e.Path) {
			continue // the live copy is reported, and removing it shows this one
		}
		what, sev, ok := in.deletedSecret(e)
		if !ok {
			continue
		}

		p := e.Path
		if root := vcsRoot(p); root != "" {
			key := fmt.Sprintf("%s\x00%d\x00%d", root, e.Layer, h.By)
			if i, dup := seen[key]; dup {
				out[i].Bytes += e.Stored
				continue
			}
			seen[key] = len(out)
			p = root
		}

		verb := "deleted"
		if !h.Deleted {
			verb = "overwritten"
		}
		f := result.Finding{Severity: sev, Bytes: e.Stored, Message: fmt.Sprintf(
			"%s (%s) was added by layer %d and %s by layer %d (%s), but layer %d still "+
				"ships it to anyone who pulls the image; keep it out of every layer "+
				"(.dockerignore, a build secret or a separate build stage) and rotate what it holds",
			showPath(p), what, e.Layer, verb, h.By, in.command(h.By), e.Layer)}
		out = append(out, in.at(f, &layers.Entry{Path: p, Layer: e.Layer}))
	}
	return out
}

// stillReported reports whether the final filesystem's entry at p is one
// env-file, git-dir or secret-file reports, so that a copy a later layer
// overwrote there need not be reported as well.
func (in *Input) stillReported(p string) bool {
	final := in.Index.Lookup(p)
	if final == nil {
		return false
	}
	if vcsRoot(p) != "" || secretKind(in.content(final)) != "" {
		return true
	}
	return isEnvFile(path.Base(p)) && final.Kind == layers.File
}

// deletedSecret judges a copy a later layer deleted as env-file, git-dir and
// secret-file judge a live one.
func (in *Input) deletedSecret(e *layers.Entry) (what string, sev result.Severity, ok bool) {
	if root := vcsRoot(e.Path); root != "" {
		return "version-control history", result.High, true
	}

	name := path.Base(e.Path)
	if isEnvFile(name) && e.Kind == layers.File {
		sev = result.High
		if isEnvTemplate(name) || inPackageTree(e.Path) {
			sev = result.Low
		}
		return "a .env file", sev, true
	}

	if kind := secretKind(in.content(e)); kind != "" {
		sev = result.High
		if inPackageTree(e.Path) {
			sev = result.Low
		}
		return kind, sev, true
	}
	return "", 0, false
}

// vcsRoot returns the version-control folder p is or lies in, outside
// package-manager trees; "" when there is none.
func vcsRoot(p string) string {
	parts := strings.Split(p, "/")
	for i, part := range parts {
		if !vcsNames[part] {
			continue
		}
		root := strings.Join(parts[:i+1], "/")
		if inPackageTree(root) {
			return ""
		}
		return root
	}
	return ""
}

// command is a layer's history command, masked and shortened for a message.
func (in *Input) command(layer int) string {
	if layer >= len(in.Index.Layers) || in.Index.Layers[layer].CreatedBy == "" {
		return "no history"
	}
	return result.Instruction(MaskHistory(in.Index.Layers[layer].CreatedBy), 60)
}
