package check

import (
	"slices"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/imgaudit/imgaudit/pkg/result"
)

// javaBuild is a one-stage Maven build: the JDK from Debian's
// openjdk-17-jdk-headless, with javac reached through /etc/alternatives,
// or Temurin's JDK unpacked in /opt/java/openjdk and put on PATH.
func javaBuild(temurin bool) []lay {
	jdk := step("RUN /bin/sh -c apt-get update && apt-get install -y --no-install-recommends "+
		"openjdk-17-jdk-headless maven && rm -rf /var/lib/apt/lists/*",
		file("var/lib/dpkg/status", dpkgStatus(append(slices.Clone(debianSlimPackages),
			"ca-certificates-java 20230710~deb12u1", "java-common 0.74",
			"openjdk-17-jre-headless 17.0.10+7-1~deb12u1",
			"openjdk-17-jdk-headless 17.0.10+7-1~deb12u1", "maven 3.8.7-1",
			"libmaven3-core-java 3.8.7-1")...)),
		exe("usr/lib/jvm/java-17-openjdk-amd64/bin/javac", "ELF javac"),
		exe("usr/lib/jvm/java-17-openjdk-amd64/bin/java", "ELF java"),
		zeros("usr/lib/jvm/java-17-openjdk-amd64/lib/modules", 3_000_000),
		symlink("etc/alternatives/javac", "/usr/lib/jvm/java-17-openjdk-amd64/bin/javac"),
		symlink("usr/bin/javac", "/etc/alternatives/javac"),
		symlink("etc/alternatives/java", "/usr/lib/jvm/java-17-openjdk-amd64/bin/java"),
		symlink("usr/bin/java", "/etc/alternatives/java"),
		exe("usr/share/maven/bin/mvn", "#!/bin/sh\n"), symlink("usr/bin/mvn", "../share/maven/bin/mvn"),
		file("var/lib/apt/lists/lock", ""))
	if temurin {
		jdk = step("RUN /bin/sh -c curl -fL https://github.com/adoptium/… | tar -xz -C /opt/java",
			exe("opt/java/openjdk/bin/javac", "ELF javac"), exe("opt/java/openjdk/bin/java", "ELF"),
			zeros("opt/java/openjdk/lib/modules", 3_000_000),
			file("opt/java/openjdk/legal/java.base/LICENSE", "GPL"),
			file("opt/java/openjdk/release", "JAVA_VERSION=\"17.0.10\"\n"))
	}
	return []lay{
		debianSlim(), jdk,
		step("COPY . . # buildkit", file("app/pom.xml", "<project/>"),
			file("app/src/main/java/App.java", "class App {}"),
			file("app/src/test/java/AppTest.java", "class AppTest {}")),
		step("RUN /bin/sh -c mvn -B package # buildkit",
			zeros("root/.m2/repository/org/apache/maven/plugins/maven-compiler-plugin/3.11.0/"+
				"maven-compiler-plugin-3.11.0.jar", 2_000_000),
			file("root/.m2/repository/org/apache/maven/plugins/maven-compiler-plugin/3.11.0/"+
				"_remote.repositories", "x"),
			zeros("app/target/app-1.0.jar", 30_000),
			file("app/target/surefire-reports/AppTest.txt", "Tests run: 1"),
			file("app/target/classes/App.class", "\xca\xfe\xba\xbe")),
	}
}

func TestRealisticJavaBuild(t *testing.T) {
	tests := []struct {
		name    string
		temurin bool
		javac   string
		words   string
		path    string
	}{
		{"openjdk-17-jdk-headless", false, "/usr/bin/javac",
			"package openjdk-17-jdk-headless 17.0.10+7-1~deb12u1",
			"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"},
		{"Temurin in /opt", true, "/opt/java/openjdk/bin/javac", "javac is installed",
			"PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := v1.Config{WorkingDir: "/app", Cmd: []string{"java", "-jar", "target/app-1.0.jar"},
				Env: []string{tt.path, "JAVA_HOME=/opt/java/openjdk", "MAVEN_CONFIG=/root/.m2"}}
			fs := auditLayers(t, cfg, javaBuild(tt.temurin)...)

			expectChecks(t, fs, map[string]int{"setuid": 11, "healthcheck-missing": 1,
				"user-root": 1, "compiler": 1, "package-cache": 1, "build-leftover": 1})
			expectAt(t, fs, "compiler", tt.javac, 1, result.Medium, tt.words)
			expectAt(t, fs, "package-cache", "/root/.m2/repository", 3, result.Medium,
				"Maven repository")
			expectAt(t, fs, "build-leftover", "/app/src/test", 2, result.Low, "test folder")
		})
	}
}

// TestRealisticToolChainPackages installs tool chains as distributions
// and upstream installers lay them out: one tool chain is one finding,
// naming the package that brought it when there is one.
func TestRealisticToolChainPackages(t *testing.T) {
	rustupProxy := "usr/local/cargo/bin/rustup"
	tests := []struct {
		name     string
		es       []ent
		path     string // where the tool is reported; "" for a package alone
		words    string
		lowToo   bool // a second, low finding for header packages
		pathVars string
	}{
		{"Debian golang-go", []ent{
			file("var/lib/dpkg/status", dpkgStatus("golang-1.19-go 1.19.8-2",
				"golang-1.19-src 1.19.8-2", "golang-go 2:1.19~1", "golang-src 2:1.19~1")),
			exe("usr/lib/go-1.19/bin/go", "ELF"), symlink("usr/lib/go", "go-1.19"),
			symlink("usr/bin/go", "../lib/go-1.19/bin/go")},
			"/usr/bin/go", "package golang-go 2:1.19~1", false, ""},
		{"Alpine go", []ent{file("lib/apk/db/installed", apkInstalled("go 1.21.6-r0")),
			exe("usr/lib/go/bin/go", "ELF"), symlink("usr/bin/go", "../lib/go/bin/go")},
			"/usr/bin/go", "package go 1.21.6-r0", false, ""},
		{"Debian clang-16", []ent{
			file("var/lib/dpkg/status", dpkgStatus("clang-16 1:16.0.6-15~deb12u1",
				"libclang-common-16-dev 1:16.0.6-15~deb12u1", "libllvm16 1:16.0.6-15~deb12u1")),
			exe("usr/lib/llvm-16/bin/clang", "ELF"),
			symlink("usr/bin/clang-16", "../lib/llvm-16/bin/clang")},
			"/usr/bin/clang-16", "package clang-16 1:16.0.6-15~deb12u1", true, ""},
		{"Alpine openjdk17-jdk, off PATH", []ent{
			file("lib/apk/db/installed", apkInstalled("openjdk17-jdk 17.0.10_p7-r0")),
			exe("usr/lib/jvm/java-17-openjdk/bin/javac", "ELF")},
			"", "package openjdk17-jdk 17.0.10_p7-r0", false, ""},
		{"rustup's proxies, hard links to one program", []ent{
			exe(rustupProxy, "ELF rustup"), hardlink("usr/local/cargo/bin/rustc", rustupProxy),
			hardlink("usr/local/cargo/bin/cargo", rustupProxy),
			exe("usr/local/rustup/toolchains/1.76.0-x86_64-unknown-linux-gnu/bin/rustc", "ELF")},
			"/usr/local/cargo/bin/cargo", "cargo is installed", false,
			"PATH=/usr/local/cargo/bin:/usr/local/bin:/usr/bin:/bin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := v1.Config{User: "65534", Env: []string{tt.pathVars}}
			fs := of(auditLayers(t, cfg, step("RUN install", tt.es...)), "compiler")

			want := 1
			if tt.lowToo {
				want = 2
			}
			if len(fs) != want {
				t.Errorf("%d compiler findings, want %d:\n%s", len(fs), want, messagesOf(fs, "compiler"))
			}
			if tt.lowToo && !hasFinding(t, fs, "",
				"a development package is installed (libclang-common-16-dev)") {
				t.Errorf("no low finding names the one development package:\n%s",
					messagesOf(fs, "compiler"))
			}
			if !hasFinding(t, fs, tt.path, tt.words) {
				t.Errorf("no finding at %q saying %q:\n%s", tt.path, tt.words,
					messagesOf(fs, "compiler"))
			}
		})
	}
}
