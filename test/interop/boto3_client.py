"""A client this project did not write, against the emulator: boto3/botocore (Debian's packages)
with botocore's own AgentCore service models (test/fixtures/botocore via AWS_DATA_PATH).

Reads INTEROP_CONFIG (JSON: endpoint, region, ARNs and the access keys of two principals), runs
every scenario, and prints one JSON object: scenario name -> {"ok": true, "value": ...} or
{"ok": false, "code", "message", "status"}. It never prints a key or a token.
"""

import hashlib
import http.client
import json
import os
import sys
from urllib.parse import quote, urlsplit

import boto3
import botocore
from botocore.auth import SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

CONFIG = json.loads(os.environ["INTEROP_CONFIG"])
ENDPOINT = CONFIG["endpoint"]
REGION = CONFIG["region"]
ARNS = CONFIG["arns"]
NO_RETRY = Config(retries={"max_attempts": 1, "mode": "standard"})


def session(principal):
    keys = CONFIG["keys"][principal]
    return boto3.session.Session(
        aws_access_key_id=keys["accessKeyId"],
        aws_secret_access_key=keys["secretAccessKey"],
        aws_session_token=keys.get("sessionToken"),
        region_name=REGION,
    )


def client(principal, service):
    return session(principal).client(service, endpoint_url=ENDPOINT, config=NO_RETRY)


def assumed_client(credentials, service):
    return boto3.session.Session(
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
        region_name=REGION,
    ).client(service, endpoint_url=ENDPOINT, config=NO_RETRY)


SESSION_ID = "interop-session-" + "0" * 24


def invoke_json():
    out = client("admin", "bedrock-agentcore").invoke_agent_runtime(
        agentRuntimeArn=ARNS["runtime"],
        runtimeSessionId=SESSION_ID,
        payload=json.dumps({"prompt": "hello from boto3"}).encode(),
        contentType="application/json",
        accept="application/json",
    )
    return {
        "status": out["ResponseMetadata"]["HTTPStatusCode"],
        "contentType": out["contentType"],
        "sessionId": out["runtimeSessionId"],
        "body": json.loads(out["response"].read()),
    }


def invoke_sse():
    out = client("admin", "bedrock-agentcore").invoke_agent_runtime(
        agentRuntimeArn=ARNS["sseRuntime"],
        runtimeSessionId=SESSION_ID,
        payload=json.dumps({"prompt": "one two three"}).encode(),
        accept="text/event-stream",
    )
    events = [
        json.loads(line[len(b"data: "):])
        for line in out["response"].iter_lines()
        if line.startswith(b"data: ")
    ]
    return {"contentType": out["contentType"], "events": events}


def policy_for(resource, actions):
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": ARNS["caller"]},
                    "Action": actions,
                    "Resource": resource,
                }
            ],
        }
    )


def resource_policies():
    control = client("admin", "bedrock-agentcore-control")
    invoke = ["bedrock-agentcore:InvokeAgentRuntime"]
    put = [
        control.put_resource_policy(resourceArn=arn, policy=policy_for(arn, invoke))
        for arn in (ARNS["runtime"], ARNS["endpoint"])
    ]
    got = control.get_resource_policy(resourceArn=ARNS["endpoint"])
    caller = client("caller", "bedrock-agentcore")
    allowed = caller.invoke_agent_runtime(
        agentRuntimeArn=ARNS["runtime"], runtimeSessionId=SESSION_ID, payload=b"{}"
    )
    allowed["response"].read()
    deleted = control.delete_resource_policy(resourceArn=ARNS["endpoint"])
    try:
        caller.invoke_agent_runtime(
            agentRuntimeArn=ARNS["runtime"], runtimeSessionId=SESSION_ID, payload=b"{}"
        )
        denied = None
    except ClientError as error:
        denied = error.response["Error"]
    return {
        "putStatus": [p["ResponseMetadata"]["HTTPStatusCode"] for p in put],
        "gotPolicy": json.loads(got["policy"]),
        "callerInvokeStatus": allowed["ResponseMetadata"]["HTTPStatusCode"],
        "deleteStatus": deleted["ResponseMetadata"]["HTTPStatusCode"],
        "deniedAfterDelete": {"code": denied["Code"], "message": denied["Message"]} if denied else None,
    }


def control_lists():
    control = client("admin", "bedrock-agentcore-control")
    runtimes, token, pages = [], None, 0
    while True:
        page = control.list_agent_runtimes(maxResults=2, **({"nextToken": token} if token else {}))
        pages += 1
        runtimes += [r["agentRuntimeId"] for r in page["agentRuntimes"]]
        token = page.get("nextToken")
        if not token:
            break
    endpoints = control.list_agent_runtime_endpoints(agentRuntimeId="agent_staged-abcdefghij")
    memories = control.list_memories(maxResults=1)
    gateways = control.list_gateways()
    gateway = control.get_gateway(gatewayIdentifier=gateways["items"][0]["gatewayId"])
    return {
        "gateways": [g["gatewayId"] for g in gateways["items"]],
        "gatewayArn": gateway["gatewayArn"],
        "runtimes": runtimes,
        "pages": pages,
        "endpoints": [e["name"] for e in endpoints["runtimeEndpoints"]],
        "memories": [m["id"] for m in memories["memories"]],
    }


def record(request_identifier, text):
    return {
        "requestIdentifier": request_identifier,
        "namespaces": ["preferences/actor-1"],
        "content": {"text": text},
        "timestamp": 1767225600,
    }


def memory():
    """All 15 data-plane calls, cross-account from Account B, by full ARN."""
    client("admin", "bedrock-agentcore-control").put_resource_policy(
        resourceArn=ARNS["memory"],
        policy=policy_for(ARNS["memory"], ["bedrock-agentcore:*"]),
    )
    m = client("caller", "bedrock-agentcore")
    mid = ARNS["memory"]
    status = {}

    def call(name, **kwargs):
        out = getattr(m, name)(memoryId=mid, **kwargs)
        status[name] = out["ResponseMetadata"]["HTTPStatusCode"]
        return out

    turn = {
        "actorId": "actor-1",
        "sessionId": "session-1",
        "eventTimestamp": 1767225600,
        "payload": [{"conversational": {"content": {"text": "I like tea"}, "role": "USER"}}],
        "clientToken": "interop-token-1",
    }
    event = call("create_event", **turn)["event"]
    # The same clientToken again: the first answer, nothing written twice.
    replay = call("create_event", **turn)["event"]
    got = call("get_event", actorId="actor-1", sessionId="session-1", eventId=event["eventId"])
    events = call("list_events", actorId="actor-1", sessionId="session-1")["events"]
    actors = call("list_actors")["actorSummaries"]
    sessions = call("list_sessions", actorId="actor-1")["sessionSummaries"]
    created = call(
        "batch_create_memory_records", records=[record("r1", "Prefers tea")], clientToken="interop-batch-1"
    )["successfulRecords"]
    record_id = created[0]["memoryRecordId"]
    call("get_memory_record", memoryRecordId=record_id)
    listed = call("list_memory_records", namespace="preferences/actor-1")["memoryRecordSummaries"]
    found = call(
        "retrieve_memory_records",
        namespace="preferences/actor-1",
        searchCriteria={"searchQuery": "tea", "topK": 5},
    )["memoryRecordSummaries"]
    call(
        "batch_update_memory_records",
        records=[
            {
                "memoryRecordId": record_id,
                "content": {"text": "Prefers green tea"},
                "timestamp": 1767225700,
            }
        ],
    )
    jobs = call("list_memory_extraction_jobs")["jobs"]
    call("start_memory_extraction_job", extractionJob={"jobId": jobs[0]["jobID"]}, clientToken="interop-job-1")
    call("delete_memory_record", memoryRecordId=record_id)
    second = call("batch_create_memory_records", records=[record("r2", "Likes rain")])["successfulRecords"]
    call("batch_delete_memory_records", records=[{"memoryRecordId": second[0]["memoryRecordId"]}])
    call("delete_event", actorId="actor-1", sessionId="session-1", eventId=event["eventId"])
    return {
        "status": status,
        "replayedSameEvent": replay["eventId"] == event["eventId"],
        "gotText": got["event"]["payload"][0]["conversational"]["content"]["text"],
        "events": len(events),
        "actors": [a["actorId"] for a in actors],
        "sessions": [s["sessionId"] for s in sessions],
        "listed": len(listed),
        "retrieved": [r["content"]["text"] for r in found],
    }


def assume_role_policy_arns():
    sts = client("caller", "sts")
    narrowed = sts.assume_role(
        RoleArn=ARNS["invokerRole"],
        RoleSessionName="interop",
        PolicyArns=[{"arn": ARNS["invokeOnlyPolicy"]}],
    )
    agentcore = assumed_client(narrowed["Credentials"], "bedrock-agentcore")
    invoked = agentcore.invoke_agent_runtime(
        agentRuntimeArn=ARNS["runtime"], runtimeSessionId=SESSION_ID, payload=b"{}"
    )
    invoked["response"].read()
    identity = assumed_client(narrowed["Credentials"], "sts").get_caller_identity()
    try:
        agentcore.create_event(
            memoryId=ARNS["memory"],
            actorId="actor-1",
            sessionId="session-2",
            eventTimestamp=1767225600,
            payload=[{"conversational": {"content": {"text": "hi"}, "role": "USER"}}],
        )
        narrowed_write = None
    except ClientError as error:
        narrowed_write = error.response["Error"]
    try:
        sts.assume_role(
            RoleArn=ARNS["invokerRole"],
            RoleSessionName="interop",
            PolicyArns=[{"arn": ARNS["unknownPolicy"]}],
        )
        unknown = None
    except ClientError as error:
        unknown = {
            "code": error.response["Error"]["Code"],
            "message": error.response["Error"]["Message"],
            "status": error.response["ResponseMetadata"]["HTTPStatusCode"],
        }
    return {
        "assumedArn": narrowed["AssumedRoleUser"]["Arn"],
        "packedPolicySize": narrowed.get("PackedPolicySize"),
        "callerIdentity": identity["Arn"],
        "invokeStatus": invoked["ResponseMetadata"]["HTTPStatusCode"],
        "narrowedWrite": {"code": narrowed_write["Code"], "message": narrowed_write["Message"]}
        if narrowed_write
        else None,
        "unknownPolicyArn": unknown,
    }


class HostUnsigned(SigV4Auth):
    """A signer that leaves `host` out of SignedHeaders."""

    def headers_to_sign(self, request):
        headers = super().headers_to_sign(request)
        del headers["host"]
        return headers


def raw_create_event(signer_class=SigV4Auth, sign_body=None, send_body=None, unsigned_payload=False):
    """Signs a CreateEvent with botocore's SigV4 signer, optionally tampers with it, sends it raw."""
    keys = CONFIG["keys"]["admin"]
    body = json.dumps(
        {
            "actorId": "actor-raw",
            "sessionId": "session-raw",
            "eventTimestamp": 1767225600,
            "payload": [{"conversational": {"content": {"text": sign_body or "signed"}, "role": "USER"}}],
        }
    ).encode()
    url = f"{ENDPOINT}/memories/{quote(ARNS['memory'], safe='')}/events"
    headers = {"Content-Type": "application/json"}
    if unsigned_payload:
        headers["X-Amz-Content-SHA256"] = "UNSIGNED-PAYLOAD"
    request = AWSRequest(method="POST", url=url, data=body, headers=headers)
    signer_class(Credentials(keys["accessKeyId"], keys["secretAccessKey"]), "bedrock-agentcore", REGION).add_auth(
        request
    )
    sent = body
    if send_body is not None:
        sent = body.replace(b'"' + (sign_body or "signed").encode() + b'"', b'"' + send_body.encode() + b'"')
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        out_headers = {k: v for k, v in request.headers.items() if k.lower() != "content-length"}
        connection.request("POST", parts.path, body=sent, headers=out_headers)
        response = connection.getresponse()
        text = response.read().decode()
        return {
            "status": response.status,
            "errorType": response.getheader("x-amzn-ErrorType"),
            "message": json.loads(text).get("message") if text.startswith("{") else text,
            "signedHeaders": request.headers["Authorization"].split("SignedHeaders=")[1].split(",")[0],
            "bodySha256": hashlib.sha256(sent).hexdigest() == hashlib.sha256(body).hexdigest(),
        }
    finally:
        connection.close()


def websocket_upgrade(presigned=True, tamper=False, expires=300):
    """A WebSocket upgrade to /runtimes/{arn}/ws signed as the AgentCore Python SDK signs it
    (bedrock_agentcore.runtime.AgentCoreRuntimeClient: generate_presigned_url with SigV4QueryAuth,
    generate_ws_connection with SigV4Auth headers), sent raw; answers the status and error type."""
    keys = CONFIG["keys"]["admin"]
    credentials = Credentials(keys["accessKeyId"], keys["secretAccessKey"])
    session_id = "interop-ws-session-" + "0" * 20
    path = f"/runtimes/{quote(ARNS['runtime'], safe='')}/ws"
    query = f"qualifier=DEFAULT&X-Amzn-Bedrock-AgentCore-Runtime-Session-Id={session_id}" if presigned else "qualifier=DEFAULT"
    url = f"{ENDPOINT}{path}?{query}"
    parts = urlsplit(url)
    if presigned:
        request = AWSRequest(method="GET", url=url, headers={"host": parts.netloc})
        SigV4QueryAuth(credentials, "bedrock-agentcore", REGION, expires=expires).add_auth(request)
        target = request.url[len(ENDPOINT):]
        headers = {}
    else:
        request = AWSRequest(method="GET", url=url, headers={"host": parts.netloc})
        SigV4Auth(credentials, "bedrock-agentcore", REGION).add_auth(request)
        target = path + "?" + query
        headers = {
            "X-Amz-Date": request.headers["X-Amz-Date"],
            "Authorization": request.headers["Authorization"],
            "X-Amzn-Bedrock-AgentCore-Runtime-Session-Id": session_id,
        }
    if tamper:
        target = target.replace("qualifier=DEFAULT", "qualifier=OTHER")
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        headers.update(
            {
                "Connection": "Upgrade",
                "Upgrade": "websocket",
                "Sec-WebSocket-Version": "13",
                "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
            }
        )
        connection.request("GET", target, headers=headers)
        response = connection.getresponse()
        return {"status": response.status, "errorType": response.getheader("x-amzn-ErrorType")}
    finally:
        connection.close()


SCENARIOS = {
    "versions": lambda: {"boto3": boto3.__version__, "botocore": botocore.__version__},
    "invoke_json": invoke_json,
    "invoke_sse": invoke_sse,
    "resource_policies": resource_policies,
    "control_lists": control_lists,
    "memory": memory,
    "assume_role_policy_arns": assume_role_policy_arns,
    "raw_untampered": lambda: raw_create_event(),
    "tampered_host_unsigned": lambda: raw_create_event(signer_class=HostUnsigned),
    "tampered_body_swapped": lambda: raw_create_event(sign_body="hello", send_body="tampered"),
    "tampered_unsigned_payload": lambda: raw_create_event(
        sign_body="hello", send_body="tampered", unsigned_payload=True
    ),
    "websocket_presigned": lambda: websocket_upgrade(),
    "websocket_headers": lambda: websocket_upgrade(presigned=False),
    "websocket_presigned_tampered": lambda: websocket_upgrade(tamper=True),
}


def main():
    results = {}
    for name, scenario in SCENARIOS.items():
        try:
            results[name] = {"ok": True, "value": scenario()}
        except ClientError as error:
            results[name] = {
                "ok": False,
                "code": error.response["Error"]["Code"],
                "message": error.response["Error"]["Message"],
                "status": error.response["ResponseMetadata"]["HTTPStatusCode"],
            }
        except Exception as error:  # noqa: BLE001 - reported to the test, which fails on it
            results[name] = {"ok": False, "code": type(error).__name__, "message": str(error)}
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
