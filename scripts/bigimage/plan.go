package main

import "fmt"

// group is a set of files a layer writes under one root, spread over dirs
// folders. Sizes are drawn log-uniformly between minSize and maxSize, so
// small files are many and large ones few, as in a real root filesystem.
type group struct {
	root    string
	dirs    int
	files   int
	ext     string
	kind    int
	minSize int64
	maxSize int64
	// links, when set, gives every links-th file a symlink and a hard link
	// beside it.
	links int
}

// dirPath is the folder file i of g lives in.
func (g *group) dirPath(d int) string {
	return fmt.Sprintf("%s/%s-%d", g.root, vocabulary[(d*7)%len(vocabulary)], d)
}

// filePath is the path of file i of g.
func (g *group) filePath(i int) string {
	word := vocabulary[(i*31)%len(vocabulary)]
	return fmt.Sprintf("%s/%s_%d%s", g.dirPath(i%g.dirs), word, i, g.ext)
}

// change rewrites or deletes every every-th file of an earlier group.
type change struct {
	g      *group
	every  int
	remove bool
}

// step is one layer: the command that made it and what it did.
type step struct {
	createdBy string
	add       []*group
	change    []change
	// removeDirs are whited out whole; opaque are kept but emptied.
	removeDirs []string
	opaque     []string
}

// The groups later steps refer back to.
var (
	etc     = &group{"/etc", 20, 400, ".conf", text, 100, 8 << 10, 0}
	bins    = &group{"/usr/bin", 1, 700, "", binary, 8 << 10, 600 << 10, 20}
	libs    = &group{"/usr/lib/x86_64-linux-gnu", 60, 1500, ".so", binary, 4 << 10, 1 << 20, 10}
	docs    = &group{"/usr/share/doc", 900, 6000, ".txt", text, 200, 30 << 10, 0}
	lists   = &group{"/var/lib/apt/lists", 1, 12, "_Packages", text, 1 << 20, 30 << 20, 0}
	debs    = &group{"/var/cache/apt/archives", 1, 40, ".deb", packed, 50 << 10, 8 << 20, 0}
	gcc     = &group{"/usr/lib/gcc/x86_64-linux-gnu/12", 10, 200, "", binary, 10 << 10, 4 << 20, 0}
	modules = &group{"/srv/app/node_modules", 2500, 48000, ".js", text, 100, 20 << 10, 0}
	src     = &group{"/srv/app/src", 150, 3000, ".ts", text, 200, 30 << 10, 0}
	pipC    = &group{"/root/.cache/pip", 200, 2000, ".whl", packed, 1 << 10, 200 << 10, 0}
)

// plan is the image, base layer first. It installs a distribution, build
// tools, Python, an application and its node_modules, then upgrades,
// cleans and reconfigures, so that later layers overwrite, delete and
// opaque-empty what earlier ones wrote.
var plan = []step{
	{createdBy: "ADD rootfs.tar.xz /", add: []*group{
		etc, bins, libs, docs,
		{"/usr/share/locale", 300, 6000, ".mo", binary, 1 << 10, 40 << 10, 0},
		{"/usr/share/zoneinfo", 60, 1800, "", binary, 100, 4 << 10, 0},
	}},
	{createdBy: "RUN apt-get update && apt-get install -y build-essential", add: []*group{
		lists, debs, gcc,
		{"/usr/include", 200, 4000, ".h", text, 500, 60 << 10, 0},
	}},
	{createdBy: "RUN apt-get install -y python3", add: []*group{
		{"/usr/lib/python3.11", 800, 10000, ".py", text, 300, 60 << 10, 0},
		{"/usr/lib/python3.11/__pycache__", 800, 10000, ".pyc", binary, 300, 40 << 10, 0},
	}},
	{createdBy: "COPY node_modules /srv/app/node_modules", add: []*group{modules}},
	{createdBy: "COPY . /srv/app", add: []*group{
		src,
		{"/srv/app/static", 30, 200, ".png", packed, 10 << 10, 3 << 20, 0},
	}},
	{createdBy: "RUN apt-get upgrade -y", change: []change{{libs, 10, false}, {bins, 8, false}}},
	{
		createdBy:  "RUN rm -rf /var/lib/apt/lists /var/cache/apt/archives/*.deb",
		removeDirs: []string{lists.root},
		change:     []change{{debs, 1, true}, {docs, 20, true}},
	},
	{createdBy: "COPY etc /etc", change: []change{{etc, 5, false}}},
	{createdBy: "RUN pip install -r requirements.txt", add: []*group{pipC}},
	{
		createdBy:  "RUN rm -rf /root/.cache/* /usr/lib/gcc",
		opaque:     []string{"/root/.cache"},
		removeDirs: []string{"/usr/lib/gcc"},
	},
	{createdBy: "RUN npm ci", change: []change{{modules, 20, false}}, add: []*group{
		{"/srv/app/node_modules/.cache", 500, 7000, ".json", text, 100, 4 << 10, 0},
	}},
	{
		createdBy: "COPY config /srv/app/config",
		add:       []*group{{"/srv/app/config", 5, 50, ".yaml", text, 100, 4 << 10, 0}},
		change:    []change{{src, 50, true}},
	},
}
