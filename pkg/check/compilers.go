package check

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/imgaudit/imgaudit/layers"
	"github.com/imgaudit/imgaudit/pkg/result"
)

// binDirs are the folders a default PATH searches.
var binDirs = []string{
	"/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin",
	"/usr/local/go/bin", "/usr/local/cargo/bin",
}

// compilerName matches the names compilers and build tools go by on PATH,
// with an optional target triplet in front and a version behind:
// "gcc", "gcc-12", "x86_64-linux-gnu-gcc-12", "clang++-16", "go", "javac".
var compilerName = regexp.MustCompile(
	`^(?:[a-z0-9_]+-linux-[a-z0-9]+-)?` +
		`(gcc|g\+\+|cc|c\+\+|clang|clang\+\+|gfortran|tcc|go|rustc|cargo|javac|make|gmake|cmake|ninja)` +
		`(?:-[0-9][0-9.]*)?$`)

// buildPackages are packages that bring a tool chain without a binary of
// their own, or whose binaries live off PATH.
var buildPackages = regexp.MustCompile(
	`^(build-essential|build-base|golang(-[0-9.]+)?(-go)?|go|rust|rustc|cargo|` +
		`(default|openjdk-?[0-9]+)-jdk(-headless)?|gcc(-[0-9]+)?|g\+\+(-[0-9]+)?|` +
		`clang(-[0-9]+)?|gfortran(-[0-9]+)?|make|cmake)$`)

// jdkPackage and goPackage match the packages that bring javac and go.
var (
	jdkPackage = regexp.MustCompile(`^(default|openjdk-?[0-9]+)-jdk(-headless)?$`)
	goPackage  = regexp.MustCompile(`^(golang(-[0-9.]+)?(-go)?|go)$`)
)

// toolOf names the tool a build package brings, so that the package and
// the program found on PATH make one finding: gcc-12 brings gcc,
// golang-1.21-go brings go, openjdk-17-jdk-headless brings javac. A
// metapackage such as build-essential names itself.
func toolOf(name string) string {
	switch {
	case jdkPackage.MatchString(name):
		return "javac"
	case goPackage.MatchString(name):
		return "go"
	case name == "rust":
		return "rustc"
	}
	return family(name)
}

func compilers(in *Input) []result.Finding {
	pkgs := in.installedPackages()
	covered := map[string]bool{}
	var out []result.Finding
	for _, t := range in.toolsOnPath() {
		f := result.Finding{Severity: result.Medium}
		covered[t.name] = true
		p, ok := findPackage(pkgs, t.name)
		if ok {
			covered[toolOf(p.name)] = true
			f.Message = fmt.Sprintf("%s is installed at %s (package %s %s); build in a separate "+
				"stage and copy only the artifacts", t.name, showPath(t.path), p.name, p.version)
		} else {
			f.Message = fmt.Sprintf("%s is installed at %s; build in a separate stage and copy only "+
				"the artifacts", t.name, showPath(t.path))
		}
		out = append(out, in.at(f, &layers.Entry{Path: t.path, Layer: t.layer}))
	}

	var dev []string
	for _, p := range pkgs {
		switch {
		case covered[toolOf(p.name)]:
		case buildPackages.MatchString(p.name):
			out = append(out, result.Finding{Severity: result.Medium, Subject: p.name,
				Message: fmt.Sprintf(
					"package %s %s brings a build tool chain; build in a separate stage", p.name, p.version)})
		case strings.HasSuffix(p.name, "-dev"):
			dev = append(dev, p.name)
		}
	}
	if len(dev) > 0 {
		what := fmt.Sprintf("%d development packages are installed", len(dev))
		if len(dev) == 1 {
			what = "a development package is installed"
		}
		out = append(out, result.Finding{Severity: result.Low, Subject: "-dev packages",
			Message: fmt.Sprintf("%s (%s): headers and build helpers needed only to build; "+
				"build in a separate stage and leave them out of the final one",
				what, listSome(dev, 5))})
	}
	return out
}

// tool is one compiler found on PATH, after following links.
type tool struct {
	name  string // "gcc", with triplet and version taken off
	path  string // the plainest name it is reached by
	layer int    // the layer that wrote the program itself
}

// pathDirs returns the folders tools are looked for in: a default PATH's,
// then those the image's own PATH adds (/opt/java/openjdk/bin, /go/bin),
// each once after following links, so that /bin and /usr/bin of a merged
// /usr are one folder.
func (in *Input) pathDirs() []string {
	dirs := slices.Clone(binDirs)
	for _, kv := range in.Config.Config.Env {
		if v, ok := strings.CutPrefix(kv, "PATH="); ok {
			for _, d := range strings.Split(v, ":") {
				if strings.HasPrefix(d, "/") {
					dirs = append(dirs, path.Clean(d))
				}
			}
		}
	}

	seen := map[string]bool{}
	var out []string
	for _, d := range dirs {
		e := in.Index.Resolve(d)
		if e == nil || e.Kind != layers.Dir || seen[e.Path] {
			continue
		}
		seen[e.Path] = true
		out = append(out, e.Path)
	}
	return out
}

// toolsOnPath finds compilers in the PATH folders. Names that lead to the
// same program (gcc, gcc-12 and cc on Debian) are one tool.
func (in *Input) toolsOnPath() []tool {
	byTarget := map[string]*tool{}
	var order []string
	for _, dir := range in.pathDirs() {
		for _, e := range in.Index.Children(dir) {
			m := compilerName.FindStringSubmatch(path.Base(e.Path))
			if m == nil {
				continue
			}
			key, prog, ok := in.program(e.Path)
			if !ok {
				continue
			}
			t, seen := byTarget[key]
			if !seen {
				byTarget[key] = &tool{name: m[1], path: e.Path, layer: prog.Layer}
				order = append(order, key)
				continue
			}
			if preferName(m[1], e.Path, t) {
				t.name, t.path = m[1], e.Path
			}
		}
	}
	out := make([]tool, 0, len(order))
	for _, p := range order {
		out = append(out, *byTarget[p])
	}
	return out
}

// program finds the executable file a name on PATH runs, following
// symbolic links and hard links. key is the same for every name that runs
// the same file.
func (in *Input) program(p string) (key string, prog *layers.Entry, ok bool) {
	target := in.Index.Resolve(p)
	if target == nil || target.Kind != layers.File {
		return "", nil, false
	}
	key, prog = target.Path, target
	if target.Hardlink {
		key = target.Link
		if src := in.content(target); src != nil {
			prog = src
		}
	}
	if target.Mode&0o111 == 0 && prog.Mode&0o111 == 0 {
		return "", nil, false
	}
	return key, prog, true
}

// preferName reports whether a program's other name is the better one to
// report: a real compiler name beats the generic cc and c++, and a shorter
// path beats a longer one.
func preferName(name, p string, t *tool) bool {
	generic := func(n string) bool { return n == "cc" || n == "c++" }
	if generic(name) != generic(t.name) {
		return generic(t.name)
	}
	return len(p) < len(t.path)
}

// findPackage finds the package that most likely brings a tool: one the
// tool's own name or a known alias names, then any that toolOf says brings
// it ("gcc-12" for gcc, "openjdk-17-jdk-headless" for javac).
func findPackage(pkgs []pkg, toolName string) (pkg, bool) {
	names := map[string][]string{
		"go":      {"golang-go", "go"},
		"rustc":   {"rustc", "rust"},
		"javac":   {"default-jdk", "default-jdk-headless"},
		"cc":      {"gcc", "clang"},
		"c++":     {"g++", "clang"},
		"clang++": {"clang"},
		"gmake":   {"make"},
	}[toolName]
	if names == nil {
		names = []string{toolName}
	}
	for _, want := range names {
		if i := slices.IndexFunc(pkgs, func(p pkg) bool { return p.name == want }); i >= 0 {
			return pkgs[i], true
		}
	}
	for _, want := range append([]string{toolName}, names...) {
		if i := slices.IndexFunc(pkgs, func(p pkg) bool { return toolOf(p.name) == want }); i >= 0 {
			return pkgs[i], true
		}
	}
	return pkg{}, false
}

// installedPackages reads the dpkg and apk databases of the final filesystem.
// The rpm database is not read: on rpm-based images only binaries are found.
func (in *Input) installedPackages() []pkg {
	in.pkgsOnce.Do(func() {
		if e := in.Index.Resolve("/var/lib/dpkg/status"); e != nil {
			in.pkgs = append(in.pkgs, parseDpkgStatus(e.Content)...)
		}
		for _, e := range in.Index.Children("/var/lib/dpkg/status.d") {
			in.pkgs = append(in.pkgs, parseDpkgStatus(e.Content)...)
		}
		if e := in.Index.Resolve("/lib/apk/db/installed"); e != nil {
			in.pkgs = append(in.pkgs, parseApkInstalled(e.Content)...)
		}
	})
	return in.pkgs
}

// versionSuffix is the version some package names end in: "gcc-12".
var versionSuffix = regexp.MustCompile(`-[0-9][0-9.]*$`)

// family is a package name without its version: "gcc-12" is "gcc".
func family(name string) string {
	return versionSuffix.ReplaceAllString(name, "")
}

// listSome joins up to n items and says how many more there are.
func listSome(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(items[:n], ", "), len(items)-n)
}
