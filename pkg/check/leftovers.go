package check

import (
	"fmt"
	"path"
	"strings"

	"github.com/imgaudit/imgaudit/layers"
	"github.com/imgaudit/imgaudit/pkg/result"
)

// appRoots are where applications are usually copied; the image's WORKDIR
// counts as one too.
var appRoots = []string{
	"/app", "/srv", "/opt", "/home", "/usr/src", "/var/www", "/code", "/workspace",
}

// leftover is one kind of build-context junk.
type leftover struct {
	what string
	dir  bool // a folder, counted with everything below it
	is   func(name string) bool
}

func named(names ...string) func(string) bool {
	return func(n string) bool {
		for _, want := range names {
			if n == want {
				return true
			}
		}
		return false
	}
}

var leftovers = []leftover{
	{"test folder", true, named("test", "tests", "__tests__")},
	{"editor settings", true, named(".vscode", ".idea")},
	{"Python bytecode cache", true, named("__pycache__")},
	{"test runner cache", true, named(".pytest_cache", ".mypy_cache", ".tox", ".nox")},
	{"coverage output", true, named("coverage", "htmlcov", ".nyc_output")},
	{"coverage output", false, named(".coverage", "coverage.xml", "coverage.out", "lcov.info")},
	{"CI folder", true, named(".github", ".gitlab", ".circleci", ".buildkite")},
	{"CI file", false, named(".gitlab-ci.yml", ".travis.yml", "Jenkinsfile",
		"azure-pipelines.yml", ".drone.yml")},
	{"log file", false, func(n string) bool { return strings.HasSuffix(n, ".log") }},
	{"macOS folder metadata", false, named(".DS_Store")},
	{"Dockerfile", false, func(n string) bool {
		return n == "Dockerfile" || n == "Containerfile" || n == ".dockerignore" ||
			strings.HasPrefix(n, "Dockerfile.") || strings.HasSuffix(n, ".Dockerfile")
	}},
	{"compose file", false, func(n string) bool {
		return n == "compose.yml" || n == "compose.yaml" || strings.HasPrefix(n, "docker-compose.") &&
			(strings.HasSuffix(n, ".yml") || strings.HasSuffix(n, ".yaml"))
	}},
}

// matchLeftover returns the kind of junk e is, or nil.
func matchLeftover(e *layers.Entry) *leftover {
	name := path.Base(e.Path)
	for i := range leftovers {
		l := &leftovers[i]
		if l.dir == (e.Kind == layers.Dir) && l.is(name) {
			return l
		}
	}
	return nil
}

// inAppDir reports whether p lies in an application folder.
func (in *Input) inAppDir(p string) bool {
	if wd := path.Clean("/" + in.Config.Config.WorkingDir); wd != "/" && isUnder(p, wd) && p != wd {
		return true
	}
	for _, root := range appRoots {
		if strings.HasPrefix(p, root+"/") {
			return true
		}
	}
	return false
}

// inToolState reports whether p lies below a hidden folder of a home
// folder, such as ~/.npm/_logs or ~/.config: tools write there while the
// image builds, so it is not build context and .dockerignore cannot keep it
// out. The hidden folder itself, ~/.vscode say, can still be junk copied in.
func inToolState(p string) bool {
	parts := strings.Split(strings.TrimPrefix(p, "/"), "/")
	switch {
	case len(parts) > 2 && parts[0] == "root":
		return strings.HasPrefix(parts[1], ".")
	case len(parts) > 3 && parts[0] == "home":
		return strings.HasPrefix(parts[2], ".")
	}
	return false
}

// leftoverUse gathers the findings of one kind of junk.
type leftoverUse struct {
	first   *layers.Entry
	paths   []string
	bytes   int64
	byLayer map[int]int64
}

func buildLeftovers(in *Input) []result.Finding {
	found := map[*leftover]*leftoverUse{}
	matched := map[string]*leftoverUse{} // folders matched so far
	for e := range in.Index.All() {
		if u := matchedAbove(matched, e.Path); u != nil {
			u.bytes += e.Stored
			u.byLayer[e.Layer] += e.Stored
			continue
		}
		if !in.inAppDir(e.Path) || inPackageTree(e.Path) || vcsRoot(e.Path) != "" ||
			inToolState(e.Path) {
			continue
		}
		l := matchLeftover(e)
		if l == nil {
			continue
		}

		u := found[l]
		if u == nil {
			u = &leftoverUse{first: e, byLayer: map[int]int64{}}
			found[l] = u
		}
		u.paths = append(u.paths, showPath(e.Path))
		u.bytes += e.Stored
		u.byLayer[e.Layer] += e.Stored
		if l.dir {
			matched[e.Path] = u
		}
	}

	var out []result.Finding
	for i := range leftovers {
		u := found[&leftovers[i]]
		if u == nil {
			continue
		}
		f := result.Finding{Severity: result.Low, Bytes: u.bytes, Message: fmt.Sprintf(
			"%s left from the build context (%d: %s; %s); add it to .dockerignore "+
				"or copy only what the service needs",
			leftovers[i].what, len(u.paths), listSome(u.paths, 3), size(u.bytes))}
		// The layer that brought most of it: a later RUN that only wrote
		// into a folder (pytest filling tests/__pycache__) rewrites the
		// folder's entry but did not bring it.
		where := &layers.Entry{Path: u.first.Path, Layer: heaviestLayer(u.byLayer)}
		out = append(out, in.at(f, where))
	}
	return out
}

// matchedAbove returns the use of the matched folder p lies in, if any.
func matchedAbove(matched map[string]*leftoverUse, p string) *leftoverUse {
	if len(matched) == 0 {
		return nil
	}
	for _, d := range ancestors(p) {
		if u := matched[d]; u != nil {
			return u
		}
	}
	return nil
}
