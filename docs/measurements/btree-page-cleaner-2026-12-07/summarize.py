import json,glob,sys,statistics as st,os
out=sys.argv[1]
rows={}
for f in sorted(glob.glob(out+'/r*-*.json')):
    v=os.path.basename(f)[:-5].split('-',1)[1]
    d=json.load(open(f)); prev={}
    for r in d:
        c=r.get('engine_counters') or r.get('counters') or {}
        key=(v,r['benchmark'])
        io={k[10:]:x for k,x in r.items() if k.startswith('engine_io.')} if 'engine_io.wal' in r else r.get('engine_io',{})
        rew=c.get('btree.io.page_rewrites_before_sync_bytes',0); drew=rew-prev.get('rew',0); prev['rew']=rew
        dev=r.get('device_bytes_written') or 0
        sumc=sum(io.values()) if io else 0
        rows.setdefault(key,[]).append(dict(ops=r['ops_per_sec'],p999=r['latency_us']['p999'] if isinstance(r.get('latency_us'),dict) else r.get('latency_us.p999'),mx=r['latency_us']['max'] if isinstance(r.get('latency_us'),dict) else None,wa=r.get('write_amp'),ratio=(sumc-drew)/dev if dev else None, c={k:c.get(k) for k in ['btree.cache.write_backs','btree.cache.cleaned_pages','btree.cache.write_back_max_us','btree.write.wal_append_max_us','btree.write.tree_lock_wait_max_us','btree.write.apply_max_us','btree.write.slow_groups','btree.write.slow_by_wal','btree.write.slow_by_tree_lock','btree.write.slow_by_apply','btree.checkpoint.freeze_max_us','btree.checkpoint.max_ms'] if k in c}))
for k,l in sorted(rows.items(),key=lambda x:(x[0][1],x[0][0])):
    med=lambda n:st.median([x[n] for x in l if x[n] is not None]) if any(x[n] is not None for x in l) else None
    print(k, 'n',len(l),'ops %.0f'%med('ops'),'p99.9 %.0f'%med('p999'),'max',[round(x['mx']/1000) for x in l],'WA',med('wa'),'(S-rew)/dev',[round(x['ratio'],4) if x['ratio'] else None for x in l])
    for x in l:
        if x['c']: print('    ',x['c'])
