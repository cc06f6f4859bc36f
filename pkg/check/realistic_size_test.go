package check

import (
	"fmt"
	"strings"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/imgaudit/imgaudit/pkg/result"
)

// TestRealisticChownAfterCopy copies an application and then hands it to
// its user with chown -R in a later RUN, the classic way to double an
// image: every file is shipped twice. The waste is the folder, not its
// biggest files one by one, and the advice is COPY --chown.
func TestRealisticChownAfterCopy(t *testing.T) {
	var copied, chowned []ent
	for i := range 30 {
		p := fmt.Sprintf("home/node/app/node_modules/pkg%02d/index.js", i)
		copied = append(copied, zeros(p, 400_000+int64(i)))
		chowned = append(chowned, owned(zeros(p, 400_000+int64(i)), 1000))
	}
	copied = append(copied, dir("home/node/app"), file("home/node/app/server.js", "x"))
	chowned = append(chowned, owned(dir("home/node/app"), 1000),
		owned(file("home/node/app/server.js", "x"), 1000))
	ls := nodeApp("")[:3]
	ls = append(ls, step("COPY . . # buildkit", copied...),
		step("RUN /bin/sh -c chown -R node:node /home/node/app # buildkit", chowned...),
		step("RUN /bin/sh -c apt-get update && apt-get upgrade -y libssl3 && rm -rf …",
			zeros("usr/lib/x86_64-linux-gnu/libcrypto.so.3", 4_709_700)))
	fs := auditLayers(t, v1.Config{User: "node", Cmd: []string{"node", "server.js"}}, ls...)

	expectAt(t, fs, "wasted-space", "/home/node/app", 3, result.Medium,
		"/home/node/app 11 MiB in 31 files (written by layer 3, overwritten by layer 4)",
		"/usr/lib/x86_64-linux-gnu/libcrypto.so.3 4.5 MiB (written by layer 0, "+
			"overwritten by layer 5)", "--chown")
	if f := byPath(fs, "wasted-space", "/home/node/app"); f != nil &&
		strings.Contains(f.Message, "pkg29") {
		t.Errorf("the message lists files of the rewritten folder one by one: %s", f.Message)
	}
}

// TestRealisticDocsBloat installs a full Debian's documentation: man
// pages, /usr/share/doc beyond the copyright files, and every locale.
func TestRealisticDocsBloat(t *testing.T) {
	var es []ent
	var doc, man, locale, archive int64 = 0, 0, 0, 1600 + 350_000 // the base's C.utf8
	for _, p := range debianSlimPackages {
		name := strings.Fields(p)[0]
		es = append(es, zeros("usr/share/doc/"+name+"/changelog.Debian.gz", 200_000),
			zeros("usr/share/man/man1/"+name+".1.gz", 5_000))
		doc += 200_000 + int64(len("Format: https://…\n")) // and the base's copyright file
		man += 5_000
	}
	for _, l := range []string{"de", "fr", "ja", "pt_BR", "zh_CN"} {
		es = append(es, zeros("usr/share/locale/"+l+"/LC_MESSAGES/coreutils.mo", 140_000))
		locale += 140_000
	}
	es = append(es, zeros("usr/lib/locale/locale-archive", 3_000_000))
	archive += 3_000_000
	fs := auditLayers(t, v1.Config{User: "nobody", Cmd: []string{"app"}}, debianSlim(),
		step("RUN /bin/sh -c apt-get install -y locales man-db …", es...))

	expectChecks(t, fs, map[string]int{"setuid": 11, "healthcheck-missing": 1, "docs-bloat": 1})
	expectAt(t, fs, "docs-bloat", "/usr/share/doc", 1, result.Info,
		"take "+size(doc+man+locale+archive), "/usr/share/doc "+size(doc),
		"/usr/share/man "+size(man), "/usr/share/locale "+size(locale),
		"/usr/lib/locale "+size(archive))
}
