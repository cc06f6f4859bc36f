package main

const passwd = `root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
app:x:1000:1000::/srv/app:/bin/sh
`

const group = `root:x:0:
daemon:x:1:
nogroup:x:65534:
app:x:1000:
`

const osRelease = `PRETTY_NAME="Demo Linux 1 (made by scripts/mkdemo)"
NAME="Demo Linux"
ID=demo
VERSION_ID="1"
`

const baseStatus = `Package: base-files
Status: install ok installed
Version: 1
`

const gccStatus = baseStatus + `
Package: gcc-12
Status: install ok installed
Version: 12.2.0-14

Package: gcc
Status: install ok installed
Version: 4:12.2.0-3

Package: libc6-dev
Status: install ok installed
Version: 2.36-9
`

// The .env holds placeholders only; the demo shows that it is found, and
// that its values never reach the report.
const dotEnv = `DB_HOST=db.internal
DB_PASSWORD=placeholder-not-real
`

func baseFiles() []file {
	return []file{
		{path: "bin", dir: true},
		{path: "bin/sh", mode: 0o755, body: filler("sh", 24<<10)},
		{path: "etc", dir: true},
		{path: "etc/passwd", body: passwd},
		{path: "etc/group", body: group},
		{path: "etc/os-release", body: osRelease},
		{path: "lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", mode: 0o755, body: filler("ld", 16<<10)},
		{path: "lib/x86_64-linux-gnu/libc.so.6", mode: 0o755, body: filler("libc", 96<<10)},
		{path: "usr/bin", dir: true},
		{path: "var/lib/dpkg/status", body: baseStatus},
		{path: "tmp", dir: true, mode: 0o1777},
	}
}

func gccFiles() []file {
	return []file{
		{path: "usr/bin/gcc-12", mode: 0o755, body: filler("gcc", 160<<10)},
		{path: "usr/bin/x86_64-linux-gnu-gcc-12", hard: true, link: "usr/bin/gcc-12"},
		{path: "usr/bin/gcc", link: "gcc-12"},
		{path: "usr/include/stdio.h", body: filler("stdio", 12<<10)},
		{path: "var/lib/apt/lists", dir: true},
		{path: "var/lib/apt/lists/partial", dir: true},
		{path: "var/lib/apt/lists/lock"},
		{path: "var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages",
			body: filler("Package: demo", 300<<10)},
		{path: "var/lib/dpkg/status", body: gccStatus},
	}
}

func appFiles() []file {
	return []file{
		{path: "srv/app", dir: true},
		{path: "srv/app/server", mode: 0o755, body: filler("server", 200<<10)},
		{path: "srv/app/.env", mode: 0o600, body: dotEnv},
		{path: "srv/app/.git", dir: true},
		{path: "srv/app/.git/HEAD", body: "ref: refs/heads/main\n"},
		{path: "srv/app/.git/config", body: "[core]\n\tbare = false\n"},
		{path: "srv/app/tmp/build.log", body: filler("build step", 400<<10)},
	}
}
