package check

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/dustin/go-humanize"

	"github.com/imgaudit/imgaudit/layers"
	"github.com/imgaudit/imgaudit/pkg/result"
)

// cacheDir is a folder where a package manager keeps downloads or indexes.
// In pattern, a "*" component stands for any one name, as in a home folder.
// The Go module cache is all of GOPATH/pkg/mod: the extracted modules as
// well as the downloads in its cache folder, since go clean -modcache
// removes both and neither is read at run time.
type cacheDir struct {
	tool    string
	pattern string
	fix     string
}

// homes spells a cache folder under root's home and every user's.
func homes(tool, rel, fix string) []cacheDir {
	return []cacheDir{
		{tool, "/root/" + rel, fix},
		{tool, "/home/*/" + rel, fix},
	}
}

const (
	fixApt      = "remove them with rm -rf /var/lib/apt/lists/* in the RUN that ran apt-get update"
	fixApkCache = "use apk add --no-cache"
	fixStage    = "build in a separate stage"
	fixConda    = "run conda clean --all --force-pkgs-dirs --yes in the same RUN"
	fixGem      = "delete the downloaded .gem files in the RUN that ran bundle install"
	fixPoetry   = "run poetry cache clear --all PyPI in the same RUN, or use a cache mount"
)

var cacheDirs = slices.Concat(
	[]cacheDir{
		{"apt package lists", "/var/lib/apt/lists", fixApt},
		{"apt archives", "/var/cache/apt", "run apt-get clean in the RUN that installed the packages"},
		{"apk cache", "/var/cache/apk", fixApkCache},
		{"apk cache", "/etc/apk/cache", fixApkCache},
		{"yum cache", "/var/cache/yum", "run yum clean all in the same RUN"},
		{"dnf cache", "/var/cache/dnf", "run dnf clean all in the same RUN"},
		{"yarn cache", "/usr/local/share/.cache/yarn", "run yarn cache clean in the same RUN"},
		{"Go module cache", "/go/pkg/mod", fixStage},
		{"Go build cache", "/go/.cache/go-build", fixStage},
		{"cargo registry", "/usr/local/cargo/registry", fixStage},
		{"pnpm store", "/pnpm/store", "run pnpm store prune, or use a cache mount"},
		{"conda package cache", "/opt/conda/pkgs", fixConda},
		{"conda package cache", "/opt/miniconda3/pkgs", fixConda},
		{"gem cache", "/usr/local/bundle/cache", fixGem},
		{"gem cache", "/var/lib/gems/*/cache", fixGem},
	},
	homes("pip cache", ".cache/pip", "use pip install --no-cache-dir"),
	homes("uv cache", ".cache/uv", "set UV_NO_CACHE=1, or use a cache mount"),
	// Poetry keeps its virtualenvs beside its caches: those are the app's.
	homes("Poetry cache", ".cache/pypoetry/cache", fixPoetry),
	homes("Poetry cache", ".cache/pypoetry/artifacts", fixPoetry),
	homes("conda package cache", ".conda/pkgs", fixConda),
	homes("conda package cache", "miniconda3/pkgs", fixConda),
	homes("npm cache", ".npm/_cacache", "run npm cache clean --force in the same RUN"),
	homes("yarn cache", ".cache/yarn", "run yarn cache clean in the same RUN"),
	homes("yarn cache", ".yarn/berry/cache", "run yarn cache clean --all in the same RUN"),
	homes("pnpm store", ".local/share/pnpm/store", "run pnpm store prune, or use a cache mount"),
	homes("Bun cache", ".bun/install/cache", "run bun pm cache rm in the same RUN"),
	homes("Go build cache", ".cache/go-build", fixStage),
	homes("Go module cache", "go/pkg/mod", fixStage),
	homes("cargo registry", ".cargo/registry", fixStage),
	homes("Maven repository", ".m2/repository", fixStage),
	homes("Gradle cache", ".gradle/caches", fixStage),
	homes("Gradle wrapper download", ".gradle/wrapper/dists", fixStage),
	homes("Maven wrapper download", ".m2/wrapper/dists", fixStage),
	homes("composer cache", ".composer/cache", "use composer install --no-cache"),
	homes("composer cache", ".cache/composer", "use composer install --no-cache"),
)

// cacheParts holds each pattern of cacheDirs split into its components,
// split once: every file of an image is matched against all of them.
var cacheParts = func() [][]string {
	out := make([][]string, len(cacheDirs))
	for i, c := range cacheDirs {
		out[i] = strings.Split(c.pattern[1:], "/")
	}
	return out
}()

// cachesByTop lists the cacheParts indexes by the top folder of their
// pattern (none starts with "*"), so that a path is tried only against the
// few patterns that can match it: most of an image lies under /usr.
var cachesByTop = func() map[string][]int {
	out := map[string][]int{}
	for i, pp := range cacheParts {
		out[pp[0]] = append(out[pp[0]], i)
	}
	return out
}()

// matchCache returns the cache folder p lies in, and which cache it is.
func matchCache(p string) (root string, c *cacheDir) {
	top, _, _ := strings.Cut(strings.TrimPrefix(p, "/"), "/")
	for _, i := range cachesByTop[top] {
		if root, ok := underParts(p, cacheParts[i]); ok {
			return root, &cacheDirs[i]
		}
	}
	return "", nil
}

// underPattern reports whether p lies below pattern, and the folder the
// pattern names with its "*" filled in from p.
func underPattern(p, pattern string) (string, bool) {
	return underParts(p, strings.Split(pattern[1:], "/"))
}

// underParts is underPattern with the pattern split into its components.
func underParts(p string, pp []string) (string, bool) {
	rest := strings.TrimPrefix(p, "/")
	end := 0 // where the components matched so far end in rest
	for i, want := range pp {
		name, _, found := strings.Cut(rest[end:], "/")
		if !found || (want != "*" && want != name) {
			return "", false // p must go on below the pattern's last component
		}
		end += len(name)
		if i < len(pp)-1 {
			end++
		}
	}
	return "/" + rest[:end], true
}

// isCacheFile reports whether a file counts towards a cache: lock files and
// folders alone do not make one.
func isCacheFile(e *layers.Entry) bool {
	return e.Kind == layers.File && path.Base(e.Path) != "lock"
}

type cacheUse struct {
	c       *cacheDir
	bytes   int64
	byLayer map[int]int64
}

func packageCaches(in *Input) []result.Finding {
	found := map[string]*cacheUse{}
	var order []string
	for e := range in.Index.All() {
		if !isCacheFile(e) {
			continue
		}
		root, c := matchCache(e.Path)
		if c == nil {
			continue
		}
		u := found[root]
		if u == nil {
			u = &cacheUse{c: c, byLayer: map[int]int64{}}
			found[root] = u
			order = append(order, root)
		}
		u.bytes += e.Stored
		u.byLayer[e.Layer] += e.Stored
	}

	var out []result.Finding
	for _, root := range order {
		u := found[root]
		layer := heaviestLayer(u.byLayer)
		f := result.Finding{
			Severity: result.Medium,
			Message: fmt.Sprintf("%s left in %s (%s); %s",
				u.c.tool, showPath(root), humanize.IBytes(uint64(u.bytes)), u.c.fix),
			Bytes: u.bytes,
		}
		out = append(out, in.at(f, &layers.Entry{Path: root, Layer: layer}))
	}
	return out
}

// heaviestLayer returns the layer that wrote the most bytes, the lowest on a tie.
func heaviestLayer(byLayer map[int]int64) int {
	best, most := -1, int64(-1)
	for l, n := range byLayer {
		if n > most || (n == most && l < best) {
			best, most = l, n
		}
	}
	return best
}
