package check

import (
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/imgaudit/imgaudit/layers"
	"github.com/imgaudit/imgaudit/pkg/result"
)

// vendorDirs are folders that package managers fill; what lies below them
// came with a dependency, not from the application's own build context.
var vendorDirs = map[string]bool{
	"node_modules": true, "site-packages": true, "dist-packages": true,
	"vendor": true, "gems": true, "bower_components": true,
}

// versionManagerDirs are the folders version managers install into, most
// of them clones of a public repository, .git, tests and CI files included:
// what lies below them came with the tool, not from the build context.
var versionManagerDirs = map[string]bool{
	".nvm": true, "nvm": true, ".pyenv": true, "pyenv": true, ".rbenv": true, "rbenv": true,
	".asdf": true, ".sdkman": true,
}

// toolchainTrees are the trees a language's own distribution installs,
// whose tests carry keys and .env files of their own: GOROOT as the Go
// tarball, Debian and Alpine install it, and CPython's test suite.
var toolchainTrees = []struct {
	what string
	re   *regexp.Regexp
}{
	{"the Go tool chain", regexp.MustCompile(`^/usr/(local|lib|share)/go(-[0-9.]+)?/`)},
	{"Python's own test suite", regexp.MustCompile(`^/usr/(local/)?lib/python3\.[0-9]+/test/`)},
}

// packageTree says what brought p when it lies in a tree that a package
// manager or a tool chain filled ("a dependency", "the Go module cache",
// "the Go tool chain"), and "" when it lies in none: only then can p have
// come from the application's own build context.
func packageTree(p string) string {
	for _, part := range strings.Split(path.Dir(p), "/") {
		switch {
		case vendorDirs[part]:
			return "a dependency"
		case versionManagerDirs[part]:
			return "a version manager (" + strings.TrimPrefix(part, ".") + ")"
		}
	}
	if _, c := matchCache(p); c != nil {
		return "the " + c.tool
	}
	for _, t := range toolchainTrees {
		if t.re.MatchString(p) {
			return t.what
		}
	}
	return ""
}

// inPackageTree reports whether p lies in a package-manager or tool-chain
// tree, as packageTree finds them.
func inPackageTree(p string) bool {
	return packageTree(p) != ""
}

// envTemplateSuffixes mark a .env file that documents settings rather than
// holding them.
var envTemplateSuffixes = []string{
	".example", ".sample", ".template", ".dist", ".defaults", ".tmpl",
}

// isEnvFile reports whether a name is a .env file: ".env" or ".env.NAME".
func isEnvFile(name string) bool {
	return name == ".env" || strings.HasPrefix(name, ".env.")
}

func isEnvTemplate(name string) bool {
	for _, s := range envTemplateSuffixes {
		if strings.HasSuffix(name, s) {
			return true
		}
	}
	return false
}

func envFiles(in *Input) []result.Finding {
	var out []result.Finding
	for e := range in.Index.All() {
		name := path.Base(e.Path)
		if !isEnvFile(name) {
			continue
		}
		f, ok := in.envFinding(e, name)
		if ok {
			out = append(out, in.at(f, e))
		}
	}
	return out
}

// envFinding judges one file named like a .env file. A symlink counts only
// when it leads to a file the image holds: one that points at a mounted
// secret carries nothing in the image.
func (in *Input) envFinding(e *layers.Entry, name string) (result.Finding, bool) {
	target := e
	if e.Kind == layers.Symlink {
		target = in.Index.Resolve(e.Path)
	}
	if target == nil || target.Kind != layers.File {
		return result.Finding{}, false
	}

	f := result.Finding{Severity: result.High, Bytes: target.Size}
	switch {
	case isEnvTemplate(name):
		f.Severity = result.Low
		f.Message = fmt.Sprintf("%s looks like a template; check that it holds no real values, "+
			"and keep it out of the image if the service does not read it", showPath(e.Path))
	case inPackageTree(e.Path):
		f.Severity = result.Low
		f.Message = fmt.Sprintf("%s came with %s; check that it holds no real values",
			showPath(e.Path), packageTree(e.Path))
	default:
		f.Message = fmt.Sprintf("%s ships in the image and anyone who pulls it can read it; "+
			"add .env* to .dockerignore and pass settings at run time", showPath(e.Path))
	}
	if target != e {
		f.Message += fmt.Sprintf(" (it links to %s)", showPath(target.Path))
	}
	return f, true
}

var vcsNames = map[string]bool{".git": true, ".svn": true, ".hg": true}

func vcsDirs(in *Input) []result.Finding {
	type hit struct {
		e       *layers.Entry
		bytes   int64
		byLayer map[int]int64
	}
	var hits []*hit
	var cur *hit
	for e := range in.Index.All() {
		// All yields paths in order, so everything below a reported folder
		// follows it directly.
		if cur != nil && strings.HasPrefix(e.Path, cur.e.Path+"/") {
			cur.bytes += e.Stored
			cur.byLayer[e.Layer] += e.Stored
			continue
		}
		name := path.Base(e.Path)
		if !vcsNames[name] || e.Kind == layers.Symlink || inPackageTree(e.Path) {
			continue
		}
		cur = &hit{e: e, bytes: e.Stored, byLayer: map[int]int64{e.Layer: e.Stored}}
		hits = append(hits, cur)
	}

	out := make([]result.Finding, 0, len(hits))
	for _, h := range hits {
		name := path.Base(h.e.Path)
		f := result.Finding{Severity: result.High, Bytes: h.bytes, Message: fmt.Sprintf(
			"%s ships version-control history, with every file and secret ever committed "+
				"(%s); add %s to .dockerignore", showPath(h.e.Path), size(h.bytes), name)}
		// The layer that ships the history, not a later one that only
		// touched the folder (git status rewriting the index, say).
		out = append(out, in.at(f, &layers.Entry{Path: h.e.Path, Layer: heaviestLayer(h.byLayer)}))
	}
	return out
}
