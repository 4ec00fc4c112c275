-- Days registers stopped listing some people. $1: person ids (bigint[]).
select person_id, day, batch_id from registry.person_closure where person_id = any($1::bigint[]);
