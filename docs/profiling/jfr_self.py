# self time by package prefix (3-4 components) of the top frame, and by "layer": the innermost frame among known layers
import sys, re, collections
text = open(sys.argv[1]).read()
samples = text.split('jdk.ExecutionSample')[1:]
self_pkg = collections.Counter(); layer = collections.Counter(); n = 0
LAYERS = [('net.aitbc.exchange', 'aitbc.exchange'), ('net.aitbc.identity', 'aitbc.identity'), ('net.aitbc.platform', 'aitbc.platform'),
          ('org.eclipse.persistence', 'eclipselink'), ('org.postgresql', 'pgjdbc'), ('com.ibm.ws.rsadapter', 'liberty.jdbc'), ('com.ibm.tx', 'liberty.tx'),
          ('org.eclipse.parsson', 'json-p'), ('org.jboss.resteasy', 'resteasy'), ('org.jboss.weld', 'weld'),
          ('io.smallrye.metrics', 'metrics'), ('io.openliberty.microprofile.metrics', 'metrics'), ('io.openliberty.http.monitor', 'http-monitor'),
          ('com.ibm.ws.security', 'security/jwt'), ('com.ibm.ws.webcontainer.security', 'security/jwt'), ('io.openliberty.security', 'security/jwt'), ('org.jose4j', 'security/jwt'),
          ('com.ibm.ws.webcontainer', 'webcontainer'), ('com.ibm.ws.http', 'http-channel'), ('com.ibm.ws.genericbnf', 'http-channel'), ('com.ibm.ws.tcpchannel', 'tcp'), ('com.ibm.ws.channelfw', 'tcp')]
for s in samples:
    frames = re.findall(r'^\s+([\w$.<>/]+)\(', s, re.M)
    if not frames: continue
    n += 1
    self_pkg['.'.join(frames[0].split('.')[:4])] += 1
    for f in frames:  # innermost first
        hit = next((name for p, name in LAYERS if f.startswith(p)), None)
        if hit:
            layer[hit] += 1; break
    else:
        layer['other:' + '.'.join(frames[0].split('.')[:3])] += 1
print('samples', n)
print('--- layer (innermost known frame)'); [print(f'{c*100/n:5.1f}% {k}') for k, c in layer.most_common(30)]
print('--- self by package'); [print(f'{c*100/n:5.1f}% {k}') for k, c in self_pkg.most_common(20)]
