package layers

import (
	"fmt"
	"testing"
)

func TestHardlinks(t *testing.T) {
	tests := []struct {
		name     string
		layers   [][]hdr
		link     string
		wantKind Kind
		wantSize int64
		wantTo   string
	}{
		{
			name:     "target in the same layer",
			layers:   [][]hdr{{file("bin/busybox", "12345"), hardlink("bin/sh", "bin/busybox")}},
			link:     "/bin/sh",
			wantKind: File,
			wantSize: 5,
			wantTo:   "/bin/busybox",
		},
		{
			name:     "target in a lower layer",
			layers:   [][]hdr{{file("a", "abc")}, {hardlink("b", "./a")}},
			link:     "/b",
			wantKind: File,
			wantSize: 3,
			wantTo:   "/a",
		},
		{
			name:     "same layer before lower layers",
			layers:   [][]hdr{{file("a", "1")}, {file("a", "22222"), hardlink("b", "/a")}},
			link:     "/b",
			wantKind: File,
			wantSize: 5,
			wantTo:   "/a",
		},
		{
			name:     "link to a symlink",
			layers:   [][]hdr{{symlink("s", "b"), hardlink("b", "s")}},
			link:     "/b",
			wantKind: Symlink,
			wantTo:   "/s",
		},
		{
			name:     "dangling",
			layers:   [][]hdr{{hardlink("b", "nowhere")}},
			link:     "/b",
			wantKind: File,
			wantTo:   "/nowhere",
		},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			blobs := make([][]byte, len(tt.layers))
			for i, hs := range tt.layers {
				blobs[i] = tarOf(t, hs...)
			}
			ix := mustWalk(t, imageOf(t, blobs...), Options{})

			e := ix.Lookup(tt.link)
			if e == nil {
				t.Fatalf("no %s", tt.link)
			}
			if !e.Hardlink || e.Kind != tt.wantKind || e.Size != tt.wantSize || e.Link != tt.wantTo {
				t.Errorf("%s = kind %d size %d link %q hardlink %t, want kind %d size %d link %q",
					tt.link, e.Kind, e.Size, e.Link, e.Hardlink, tt.wantKind, tt.wantSize, tt.wantTo)
			}
			if e.Stored != 0 {
				t.Errorf("%s stores %d bytes, want 0", tt.link, e.Stored)
			}
			if ix.Resolve(tt.link) != e {
				t.Errorf("Resolve(%q) does not return the hard link itself", tt.link)
			}
		})
	}
}

func TestHardlinkBytesCountOnce(t *testing.T) {
	ix := mustWalk(t, imageOf(t, tarOf(t,
		file("bin/busybox", "0123456789"), hardlink("bin/sh", "bin/busybox"),
		hardlink("bin/ls", "bin/busybox"),
	)), Options{})

	if got := ix.Layers[0].Bytes; got != 10 {
		t.Errorf("layer bytes = %d, want 10", got)
	}
	if got := ix.FinalBytes(); got != 10 {
		t.Errorf("final bytes = %d, want 10", got)
	}
}

// resolveImage has symlinks of every shape for the Resolve tests.
func resolveImage(t *testing.T) *Index {
	hs := []hdr{
		dir("etc"), file("etc/passwd", "root:x:0:0"),
		dir("usr"), dir("usr/bin"), file("usr/bin/python3.11", "elf"),
		symlink("usr/bin/python", "python3.11"),
		symlink("usr/bin/py", "/usr/bin/python"),
		symlink("bin", "usr/bin"),
		symlink("lib", "/usr/lib"),
		symlink("loop1", "loop2"), symlink("loop2", "loop1"),
		symlink("self", "self"),
		symlink("up", "../../../etc"),
		symlink("empty", ""),
		hardlink("hl", "etc/passwd"),
	}
	// c0 -> c1 -> ... -> c40 -> /etc/passwd: 41 links from c0, 40 from c1.
	for i := range 41 {
		to := fmt.Sprintf("c%d", i+1)
		if i == 40 {
			to = "/etc/passwd"
		}
		hs = append(hs, symlink(fmt.Sprintf("c%d", i), to))
	}
	return mustWalk(t, imageOf(t, tarOf(t, hs...)), Options{})
}

func TestResolve(t *testing.T) {
	ix := resolveImage(t)

	tests := []struct {
		name string
		in   string
		want string // "" for nil
	}{
		{"plain file", "/etc/passwd", "/etc/passwd"},
		{"relative link", "/usr/bin/python", "/usr/bin/python3.11"},
		{"link through a linked directory", "/bin/py", "/usr/bin/python3.11"},
		{"linked directory itself", "/bin", "/usr/bin"},
		{"dangling", "/lib/x", ""},
		{"dangling last component", "/lib", ""},
		{"loop", "/loop1", ""},
		{"self loop", "/self", ""},
		{"empty target", "/empty", ""},
		{"dot-dot stays at the root", "/up/passwd", "/etc/passwd"},
		{"dot-dot is physical", "/bin/../etc/passwd", ""},
		{"dot-dot after a real directory", "/usr/bin/../../etc/passwd", "/etc/passwd"},
		{"through a file", "/etc/passwd/x", ""},
		{"missing", "/nope", ""},
		{"root", "/", "/"},
		{"relative input", "usr/bin/py", "/usr/bin/python3.11"},
		{"hard link is not followed", "/hl", "/hl"},
		{"40 links", "/c1", "/etc/passwd"},
		{"41 links", "/c0", ""},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ix.Resolve(tt.in)
			switch {
			case tt.want == "" && got != nil:
				t.Errorf("Resolve(%q) = %q, want nil", tt.in, got.Path)
			case tt.want != "" && got == nil:
				t.Errorf("Resolve(%q) = nil, want %q", tt.in, tt.want)
			case got != nil && got.Path != tt.want:
				t.Errorf("Resolve(%q) = %q, want %q", tt.in, got.Path, tt.want)
			}
		})
	}
}

func TestLookupDoesNotFollow(t *testing.T) {
	ix := resolveImage(t)

	tests := []struct {
		name     string
		in       string
		wantKind Kind
		wantLink string
		wantNil  bool
	}{
		{name: "relative symlink kept as written", in: "/usr/bin/python", wantKind: Symlink,
			wantLink: "python3.11"},
		{name: "absolute symlink kept as written", in: "/usr/bin/py", wantKind: Symlink,
			wantLink: "/usr/bin/python"},
		{name: "climbing symlink kept as written", in: "up", wantKind: Symlink,
			wantLink: "../../../etc"},
		{name: "through a symlinked directory", in: "/bin/python3.11", wantNil: true},
		{name: "directory", in: "/usr/bin/", wantKind: Dir},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := ix.Lookup(tt.in)
			if tt.wantNil {
				if e != nil {
					t.Errorf("Lookup(%q) = %q, want nil", tt.in, e.Path)
				}
				return
			}
			if e == nil || e.Kind != tt.wantKind || e.Link != tt.wantLink {
				t.Errorf("Lookup(%q) = %+v, want kind %d link %q", tt.in, e, tt.wantKind, tt.wantLink)
			}
		})
	}
}

func TestChildren(t *testing.T) {
	ix := resolveImage(t)

	var got []string
	for _, e := range ix.Children("/usr/bin") {
		got = append(got, e.Path)
	}
	want := fmt.Sprint([]string{"/usr/bin/py", "/usr/bin/python", "/usr/bin/python3.11"})
	if fmt.Sprint(got) != want {
		t.Errorf("Children(/usr/bin) = %v, want %v", got, want)
	}

	for _, p := range []string{"/bin", "/etc/passwd", "/nope"} {
		if kids := ix.Children(p); kids != nil {
			t.Errorf("Children(%q) = %v, want nil", p, kids)
		}
	}
}
