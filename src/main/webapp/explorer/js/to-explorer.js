// The root page sends visitors to the explorer, keeping the query and the fragment (a shared /#/block/12 link).
location.replace('/explorer/' + location.search + location.hash);
