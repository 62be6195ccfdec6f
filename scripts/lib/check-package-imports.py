# Every module a target imports is declared in Package.swift: nothing may compile only
# through a transitive dependency, which a dependency update could take away.
import re,os,glob
pkg=open('Package.swift').read()
starts=[m for m in re.finditer(r'\.(target|executableTarget|testTarget|plugin)\(name: "(\w+)"', pkg)]
targets={}
for i,m in enumerate(starts):
    body=pkg[m.end(): starts[i+1].start() if i+1<len(starts) else len(pkg)]
    depsec=body.split('swiftSettings')[0].split('exclude:')[0].split('plugins:')[0]
    deps=set(re.findall(r'"(\w+)"', re.sub(r'package: "[^"]+"','',depsec)))
    path=re.search(r'path: "([^"]+)"', body)
    targets[m.group(2)]=(deps, path.group(1) if path else None, m.group(1))
std={'Foundation','Synchronization','Testing','Dispatch','Glibc','XCTest','Darwin','FoundationNetworking','PackageDescription','PackagePlugin'}
bad=0
for name,(deps,path,kind) in targets.items():
    if path is None: path = f'Tests/{name}' if kind=='testTarget' else f'Sources/{name}'
    if not os.path.isdir(path): continue
    imports=set()
    for f in glob.glob(path+'/**/*.swift', recursive=True):
        for l in open(f):
            m=re.match(r'\s*(?:@testable |@_spi\(\w+\) )?import (?:struct |enum |class |func )?(\w+)', l)
            if m: imports.add(m.group(1))
    missing=imports-deps-std-{name}
    if missing: print(f"{name}: imports {', '.join(sorted(missing))} without declaring it"); bad=1
raise SystemExit(bad)
