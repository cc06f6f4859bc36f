package check

import (
	"strings"
)

// debianPasswd and debianGroup are the account files of debian:bookworm-slim.
const (
	debianPasswd = "root:x:0:0:root:/root:/bin/bash\n" +
		"daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n" +
		"bin:x:2:2:bin:/bin:/usr/sbin/nologin\nsys:x:3:3:sys:/dev:/usr/sbin/nologin\n" +
		"www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n" +
		"_apt:x:42:65534::/nonexistent:/usr/sbin/nologin\n" +
		"nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"
	debianGroup = "root:x:0:\ndaemon:x:1:\nbin:x:2:\nsys:x:3:\nadm:x:4:\ntty:x:5:\n" +
		"shadow:x:42:\nstaff:x:50:\nmail:x:8:\nwww-data:x:33:\nusers:x:100:\nnogroup:x:65534:\n"
)

// debianSlimPackages is most of what debian:bookworm-slim has installed.
var debianSlimPackages = []string{
	"adduser 3.134", "apt 2.6.1", "base-files 12.4+deb12u5", "base-passwd 3.6.1",
	"bash 5.2.15-2+b2", "bsdutils 1:2.38.1-5+b1", "coreutils 9.1-1", "dash 0.5.12-2",
	"debconf 1.5.82", "debian-archive-keyring 2023.3+deb12u1", "debianutils 5.7-0.5~deb12u1",
	"diffutils 1:3.8-4", "dpkg 1.21.22", "e2fsprogs 1.47.0-2", "findutils 4.9.0-4",
	"gcc-12-base 12.2.0-14", "gpgv 2.2.40-1.1", "grep 3.8-5", "gzip 1.12-1", "hostname 3.23+nmu1",
	"init-system-helpers 1.65.2", "libacl1 2.3.1-3", "libapt-pkg6.0 2.6.1", "libc-bin 2.36-9+deb12u4",
	"libc6 2.36-9+deb12u4", "libgcc-s1 12.2.0-14", "libgcrypt20 1.10.1-3", "libstdc++6 12.2.0-14",
	"libsystemd0 252.22-1~deb12u1", "libzstd1 1.5.4+dfsg2-5", "login 1:4.13+dfsg1-1+b1",
	"mawk 1.3.4.20200120-3.1", "mount 2.38.1-5+b1", "ncurses-base 6.4-4", "passwd 1:4.13+dfsg1-1+b1",
	"perl-base 5.36.0-7+deb12u1", "sed 4.9-1", "sysvinit-utils 3.06-4", "tar 1.34+dfsg-1.2+deb12u1",
	"tzdata 2024a-0+deb12u1", "usr-is-merged 35", "util-linux 2.38.1-5+b1", "zlib1g 1:1.2.13.dfsg-1",
}

// debianSlim is the one layer of debian:bookworm-slim: merged /usr, dpkg's
// database, copyright files, the C.UTF-8 locale, apt's emptied lists with
// their lock and partial folder, and the setuid programs of login and mount.
func debianSlim() lay {
	es := []ent{
		symlink("bin", "usr/bin"), symlink("lib", "usr/lib"), symlink("lib64", "usr/lib64"),
		symlink("sbin", "usr/sbin"),
		dir("usr/bin"), dir("usr/lib"), dir("usr/sbin"), withMode(dir("root"), 0o700),
		withMode(dir("tmp"), 0o1777), withMode(dir("var/tmp"), 0o1777),
		withMode(dir("run/lock"), 0o1777), withMode(dir("var/local"), 0o2775),
		withMode(dir("var/mail"), 0o2775),
		exe("usr/bin/dash", "ELF dash"), symlink("usr/bin/sh", "dash"),
		withMode(zeros("usr/bin/bash", 1_265_648), 0o755), exe("usr/bin/ls", "ELF"),
		exe("usr/bin/mawk", "ELF"), zeros("usr/bin/perl", 3_826_320),
		zeros("usr/lib/x86_64-linux-gnu/libcrypto.so.3", 4_709_656),
		zeros("usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.30", 2_190_440),
		zeros("usr/lib/x86_64-linux-gnu/libsystemd.so.0.35.0", 903_592),
		symlink("etc/alternatives/awk", "/usr/bin/mawk"),
		symlink("usr/bin/awk", "/etc/alternatives/awk"),
		withMode(zeros("usr/lib/x86_64-linux-gnu/libc.so.6", 1_922_136), 0o755),
		exe("usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", "ELF"),
		symlink("usr/lib64/ld-linux-x86-64.so.2", "../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"),
		file("etc/passwd", debianPasswd), file("etc/group", debianGroup),
		withMode(file("etc/shadow", "root:*:19000:0:99999:7:::\n"), 0o640),
		file("usr/lib/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\n"),
		symlink("etc/os-release", "../usr/lib/os-release"),
		file("var/lib/dpkg/status", dpkgStatus(debianSlimPackages...)),
		zeros("usr/lib/locale/C.utf8/LC_COLLATE", 1600),
		zeros("usr/lib/locale/C.utf8/LC_CTYPE", 350_000),
		file("var/lib/apt/lists/lock", ""), withMode(dir("var/lib/apt/lists/partial"), 0o700),
		dir("var/lib/apt/lists/auxfiles"),
		file("var/cache/apt/archives/lock", ""),
		withMode(dir("var/cache/apt/archives/partial"), 0o700),
		zeros("var/cache/debconf/config.dat", 20_000),
		zeros("var/cache/debconf/templates.dat", 400_000),
		zeros("var/cache/ldconfig/aux-cache", 9000),
		file("var/log/dpkg.log", "2024-01-02 status installed libc6\n"),
		file("var/log/apt/history.log", "Start-Date: 2024-01-02\n"),
		file("etc/apt/apt.conf.d/docker-clean", "DPkg::Post-Invoke { \"rm -f …\"; };\n"),
		file("etc/apt/trusted.gpg.d/debian-archive-bookworm-stable.asc",
			"-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQINBfake\n-----END PGP PUBLIC KEY BLOCK-----\n"),
	}
	for _, p := range []string{"chfn", "chsh", "gpasswd", "mount", "newgrp", "passwd", "su",
		"umount"} {
		es = append(es, withMode(exe("usr/bin/"+p, "ELF"), 0o4755))
	}
	for _, p := range []string{"usr/bin/chage", "usr/bin/expiry", "usr/sbin/unix_chkpwd"} {
		es = append(es, withMode(exe(p, "ELF"), 0o2755))
	}
	for _, p := range debianSlimPackages {
		name := strings.Fields(p)[0]
		es = append(es, file("usr/share/doc/"+name+"/copyright", "Format: https://…\n"))
	}
	return step("ADD rootfs.tar.xz / # debian:bookworm-slim", es...)
}

// alpinePackages is what alpine:3.19 has installed.
var alpinePackages = []string{
	"alpine-baselayout 3.4.3-r2", "alpine-baselayout-data 3.4.3-r2", "alpine-keys 2.4-r1",
	"apk-tools 2.14.0-r5", "busybox 1.36.1-r15", "busybox-binsh 1.36.1-r15",
	"ca-certificates-bundle 20230506-r0", "libc-utils 0.7.2-r5", "libcrypto3 3.1.4-r2",
	"libssl3 3.1.4-r2", "musl 1.2.4_git20230717-r4", "musl-utils 1.2.4_git20230717-r4",
	"scanelf 1.3.7-r2", "ssl_client 1.36.1-r15", "zlib 1.3.1-r0",
}

// busyboxApplets are some of the names busybox answers to in /bin.
var busyboxApplets = []string{"sh", "ash", "ls", "cat", "cp", "mv", "rm", "grep", "sed", "tar",
	"mkdir", "chmod", "chown", "ln", "ps", "vi", "su", "login", "mount", "umount"}

// alpine is the one layer of alpine:3.19: musl's loader, busybox with its
// applets as symbolic links (or, as some builds write them, hard links), the
// apk database with its lock, and the signing keys apk trusts.
func alpine(hardLinks bool) lay {
	es := []ent{
		dir("bin"), dir("lib"), dir("etc"), withMode(dir("root"), 0o700),
		withMode(dir("tmp"), 0o1777), withMode(dir("var/tmp"), 0o1777),
		symlink("var/lock", "../run/lock"), withMode(dir("run/lock"), 0o755),
		withMode(zeros("lib/ld-musl-x86_64.so.1", 662_328), 0o755),
		zeros("lib/libcrypto.so.3", 4_223_512), zeros("lib/libssl.so.3", 608_736),
		symlink("lib/libc.musl-x86_64.so.1", "ld-musl-x86_64.so.1"),
		withMode(zeros("bin/busybox", 808_712), 0o755),
		file("etc/alpine-release", "3.19.1\n"),
		file("etc/os-release", "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.19.1\n"),
		file("etc/passwd", "root:x:0:0:root:/root:/bin/ash\nbin:x:1:1:bin:/bin:/sbin/nologin\n"+
			"daemon:x:2:2:daemon:/sbin:/sbin/nologin\nnobody:x:65534:65534:nobody:/:/sbin/nologin\n"),
		file("etc/group", "root:x:0:root\nbin:x:1:root,bin,daemon\nwheel:x:10:root\n"+
			"nogroup:x:65533:\nnobody:x:65534:\n"),
		withMode(file("etc/shadow", "root:*::0:::::\n"), 0o640),
		file("etc/apk/world", "alpine-baselayout\nbusybox\n"),
		file("etc/apk/repositories", "https://dl-cdn.alpinelinux.org/alpine/v3.19/main\n"),
		file("etc/apk/keys/alpine-devel@lists.alpinelinux.org-6165ee59.rsa.pub",
			"-----BEGIN PUBLIC KEY-----\nMIICIjfake\n-----END PUBLIC KEY-----\n"),
		file("lib/apk/db/installed", apkInstalled(alpinePackages...)),
		file("lib/apk/db/lock", ""), zeros("lib/apk/db/scripts.tar", 10_240),
		file("lib/apk/db/triggers", "busybox /bin /usr/bin\n"),
		dir("var/cache/apk"), dir("var/cache/misc"),
		exe("usr/bin/ssl_client", "ELF"), exe("sbin/apk", "ELF"),
	}
	for _, a := range busyboxApplets {
		if hardLinks {
			es = append(es, hardlink("bin/"+a, "bin/busybox"))
		} else {
			es = append(es, symlink("bin/"+a, "/bin/busybox"))
		}
	}
	return step("ADD alpine-minirootfs-3.19.1-x86_64.tar.gz / # alpine:3.19", es...)
}
